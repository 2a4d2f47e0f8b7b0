"""Conference mode: a room board, check-in at the door, seat pages, printables, a survey."""

from bot.events.conference.service import Conference, ConferenceLinks, LinkNotFound
from bot.events.conference.views import (
    BoardView,
    CheckinView,
    Phase,
    PrintView,
    SeatStop,
    SeatView,
    TableView,
)

__all__ = [
    "BoardView",
    "CheckinView",
    "Conference",
    "ConferenceLinks",
    "LinkNotFound",
    "Phase",
    "PrintView",
    "SeatStop",
    "SeatView",
    "TableView",
]

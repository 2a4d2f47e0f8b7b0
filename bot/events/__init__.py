"""Speed-mentoring events: rotation planning, day-of repairs and printable exports."""

from bot.events.model import (
    EventSpec,
    Expert,
    Itinerary,
    ItineraryStop,
    Mentee,
    Plan,
    PlanFigures,
    Replan,
    RoundSeating,
    SeatChange,
    StopKind,
    TableSeating,
    TableSizeRange,
    WaitlistEntry,
)
from bot.events.planner import plan_event, replan

__all__ = [
    "EventSpec",
    "Expert",
    "Itinerary",
    "ItineraryStop",
    "Mentee",
    "Plan",
    "PlanFigures",
    "Replan",
    "RoundSeating",
    "SeatChange",
    "StopKind",
    "TableSeating",
    "TableSizeRange",
    "WaitlistEntry",
    "plan_event",
    "replan",
]

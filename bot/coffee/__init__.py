"""Coffee-chat rounds: who meets whom this round, and how to start the conversation."""

from bot.coffee.engine import find_repeats, meetings_in_window, pair_members, round_figures
from bot.coffee.models import (
    Group,
    Member,
    PairingMode,
    PairingRequest,
    PairingResult,
    PastRound,
    Repeat,
    RoundFigures,
    Unplaced,
)
from bot.coffee.starters import conversation_starter

__all__ = [
    "Group",
    "Member",
    "PairingMode",
    "PairingRequest",
    "PairingResult",
    "PastRound",
    "Repeat",
    "RoundFigures",
    "Unplaced",
    "conversation_starter",
    "find_repeats",
    "meetings_in_window",
    "pair_members",
    "round_figures",
]

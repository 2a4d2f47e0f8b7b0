"""Speed-mentoring events: rotation planning, day-of repairs and printable exports."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# The planner brings numpy and OR-Tools: a re-export loads its module on first use only, so
# reading a stored event (or starting `rounds serve`) does not pay for the solvers.
_HOMES = {
    **dict.fromkeys(
        (
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
        ),
        "bot.events.model",
    ),
    "plan_event": "bot.events.planner",
    "replan": "bot.events.planner",
}

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value

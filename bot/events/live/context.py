"""What every speed-mentoring step works with: the services, and the problems it reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock
from bot.events.live.dispatch import EventPost
from storage.db import Database
from storage.events import EventStatus

_logger = logging.getLogger(__name__)

ACTIVE = (
    EventStatus.DRAFT,
    EventStatus.SIGNUP,
    EventStatus.CLOSED,
    EventStatus.PUBLISHED,
    EventStatus.RUNNING,
    EventStatus.PAUSED,
)
LIVE = (EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.PAUSED)
BEFORE_PUBLISHING = (EventStatus.DRAFT, EventStatus.SIGNUP, EventStatus.CLOSED)


class EventProblem(Exception):
    """Something the organizer or participant can fix; `field` names a form input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class EventContext:
    database: Database
    clock: Clock
    post: EventPost
    # CPU seconds each plan or repair may spend on the whole-schedule search
    search_seconds: float = 1.0


def require(value: int | None) -> int:
    assert value is not None, "row has no id yet"
    return value

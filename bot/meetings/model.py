"""Plain data for finding a time to meet: weekly windows, busy times, people, slots."""

from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum

MEETING = "meeting"
DEFAULT_MINUTES = 30
ALLOWED_MINUTES = (15, 20, 30, 45, 60)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class MeetingStatus(StrEnum):
    PROPOSING = "proposing"
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True, order=True)
class Window:
    """A weekly stretch of local time someone can usually meet: Tuesday 16:00 to 18:00."""

    weekday: int
    start: time
    end: time

    def text(self) -> str:
        return f"{WEEKDAYS[self.weekday].title()} {self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True, order=True)
class Busy:
    """A busy stretch from a calendar, in UTC; ``all_day`` marks a whole-day entry (OR day)."""

    start: datetime
    end: datetime
    all_day: bool = False


@dataclass(frozen=True)
class Attendee:
    person_id: int
    zone: str
    windows: tuple[Window, ...]
    busy: tuple[Busy, ...] = ()


@dataclass(frozen=True)
class QuietRules:
    """When nobody is asked to meet: the program's quiet hours, and weekends if it keeps them."""

    start: time = time(20, 0)
    end: time = time(8, 0)
    weekends: bool = False


@dataclass(frozen=True)
class SlotRequest:
    attendees: tuple[Attendee, ...]
    now: datetime
    minutes: int = DEFAULT_MINUTES
    days: int = 14
    count: int = 3
    already_offered: frozenset[datetime] = field(default_factory=frozenset)
    quiet: QuietRules = QuietRules()


@dataclass(frozen=True)
class FeedState:
    url: str
    fetched_at: datetime | None
    last_error: str | None


@dataclass(frozen=True)
class Availability:
    """What someone told Rounds about meeting: when, for how long, where, and their feeds."""

    windows: tuple[Window, ...] = ()
    minutes: int = DEFAULT_MINUTES
    video_link: str = ""
    feeds: tuple[FeedState, ...] = ()

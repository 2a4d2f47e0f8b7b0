"""What happened in Rounds, as plain facts other features may follow up on.

Each event is a frozen dataclass of ids and plain values (never rows or services), so it
can be written as JSON with the change it describes and read back in another process.
"""

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, Self, get_type_hints


class DomainEvent:
    """Base of every event: its stored name, and the JSON payload both ways."""

    name: ClassVar[str]

    def __init_subclass__(cls) -> None:
        cls.name = cls.__name__

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            payload[item.name] = value
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for item in fields(cls):  # type: ignore[arg-type]
            value = payload[item.name]
            hint = hints[item.name]
            if hint is datetime:
                value = datetime.fromisoformat(value)
            elif getattr(hint, "__origin__", None) is tuple:
                value = tuple(value)
            values[item.name] = value
        return cls(**values)


@dataclass(frozen=True)
class Introduced(DomainEvent):
    """A mentor and a mentee were paired; ``format`` is the Format value."""

    relationship_id: int
    format: str


@dataclass(frozen=True)
class Ended(DomainEvent):
    relationship_id: int


@dataclass(frozen=True)
class CoffeeGroupIntroduced(DomainEvent):
    """A coffee group got its introduction; ``ask_at`` is when to ask whether they met."""

    group_id: int
    person_ids: tuple[int, ...]
    ask_at: datetime


@dataclass(frozen=True)
class FollowUpWished(DomainEvent):
    """After a speed-mentoring event, a mentee asked for a coffee chat with an expert."""

    mentee_person_id: int
    expert_person_id: int
    note: str


@dataclass(frozen=True)
class MeetingBooked(DomainEvent):
    """An introduction booked a time (or moved it); ``ends_at`` is when the chat is over."""

    subject_type: str
    subject_id: int
    person_ids: tuple[int, ...]
    ends_at: datetime


@dataclass(frozen=True)
class MeetingCancelled(DomainEvent):
    """A booked time was cancelled: nothing that waited for it should happen."""

    subject_type: str
    subject_id: int
    person_ids: tuple[int, ...]


EVENT_TYPES: dict[str, type[DomainEvent]] = {
    kind.name: kind
    for kind in (
        Introduced,
        Ended,
        CoffeeGroupIntroduced,
        FollowUpWished,
        MeetingBooked,
        MeetingCancelled,
    )
}

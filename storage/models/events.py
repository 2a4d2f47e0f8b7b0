"""Speed-mentoring events."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, json_list, utcnow


class SpeedEvent(SQLModel, table=True):
    """A speed-mentoring evening; plan holds the published seats (see bot/events/stored.py)."""

    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=32, index=True)
    name: str = Field(max_length=150)
    channel_id: str = Field(max_length=64)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    timezone: str = Field(max_length=64)
    rounds: int
    round_minutes: int
    changeover_minutes: int
    table_min: int
    table_max: int
    status: str = Field(default="draft", max_length=16, index=True)
    current_round: int = 0
    round_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    extended_seconds: int = 0
    next_round_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    skipped_rounds: list[int] = json_list()
    created_by: str = Field(max_length=64)
    plan: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EventExpert(SQLModel, table=True):
    __tablename__ = "event_expert"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    topic: str = Field(max_length=200)
    table_label: str = Field(max_length=40)
    absent_rounds: list[int] = json_list()


class EventMentee(SQLModel, table=True):
    __tablename__ = "event_mentee"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    person_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    name: str = Field(max_length=200)
    ranked_topics: list[str] = json_list()
    absent_from_round: int | None = None
    joined_late: bool = False


class EventFollowUp(SQLModel, table=True):
    """A mentee's wish for a coffee chat with an expert they met at an event."""

    __tablename__ = "event_follow_up"
    __table_args__ = (UniqueConstraint("event_id", "mentee_person_id", "expert_person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    mentee_person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    expert_person_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)

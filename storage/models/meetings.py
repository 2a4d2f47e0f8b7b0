"""Finding a time to meet: weekly availability, cached calendar feeds, proposed meetings."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, json_list, utcnow


class MeetingAvailability(SQLModel, table=True):
    """When someone can usually meet (weekly windows in their zone), for how long, and where."""

    __tablename__ = "meeting_availability"

    person_id: int = Field(primary_key=True, foreign_key="person.id", ondelete="CASCADE")
    # [weekday 0-6, "HH:MM", "HH:MM"] per window.
    windows: list[Any] = json_list()
    minutes: int = 30
    video_link: str = Field(default="", max_length=500)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CalendarFeed(SQLModel, table=True):
    """A private calendar address and what was last read from it (busy stretches only)."""

    __tablename__ = "calendar_feed"
    __table_args__ = (UniqueConstraint("person_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    url: str = Field(max_length=1000)
    fetched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=200)
    # [start ISO, end ISO, all-day] per busy stretch, UTC.
    busy: list[Any] = json_list()
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Meeting(SQLModel, table=True):
    """The time found for one introduction: slots offered, picks, and the booked slot."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_type: str = Field(max_length=32)
    subject_id: int
    person_ids: list[int] = json_list()
    organizer_id: int = Field(foreign_key="person.id", ondelete="CASCADE")
    # Who alone decides (a mentee); None means everyone has to pick the same slot.
    decider_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    status: str = Field(default="proposing", max_length=16, index=True)
    introduced_at: datetime = Field(sa_type=UTCDateTime)
    offer_round: int = 1
    offered: list[str] = json_list()
    offered_before: list[str] = json_list()
    picks: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    minutes: int = 30
    video_link: str = Field(default="", max_length=500)
    sequence: int = 0
    booked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

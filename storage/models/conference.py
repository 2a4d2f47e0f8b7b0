"""Conference mode for speed-mentoring: secret links, check-in at the door, stored DMs."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, utcnow


class EventLink(SQLModel, table=True):
    """A secret link to one of an event's pages; only the token's SHA-256 is kept."""

    __tablename__ = "event_link"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=16)
    token_hash: str = Field(max_length=64, unique=True)
    mentee_id: int | None = Field(
        default=None, foreign_key="event_mentee.id", index=True, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class EventAttendance(SQLModel, table=True):
    """Who checked in at the door; email only for a guest outside the workspace."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "mentee_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="event_mentee.id", ondelete="CASCADE")
    email: str | None = Field(default=None, max_length=254)
    checked_in_at: datetime = Field(sa_type=UTCDateTime)


class EventConference(SQLModel, table=True):
    """An event run with check-in at the door: no-shows are freed as round 1 starts."""

    __tablename__ = "event_conference"

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    checkin_opened_at: datetime = Field(sa_type=UTCDateTime)
    no_shows_freed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    survey_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SlackConversation(SQLModel, table=True):
    """A conversation Slack opened for a set of users, kept so a restart need not reopen it."""

    __tablename__ = "slack_conversation"
    __table_args__ = (UniqueConstraint("workspace_id", "users"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=32)
    users: str = Field(max_length=200)
    channel_id: str = Field(max_length=64)

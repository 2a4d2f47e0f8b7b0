"""Check-ins: goals and the prompts the bot owes people."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, utcnow


class Goal(SQLModel, table=True):
    __tablename__ = "goal"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    relationship_id: int | None = Field(
        default=None, foreign_key="relationship.id", ondelete="SET NULL"
    )
    text: str = Field(max_length=1000)
    target_date: date | None = None
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Prompt(SQLModel, table=True):
    """One message the bot owes: a row of the outbox, delivered once and visible when it fails.

    A direct message names ``person_id``; a group message ``group_person_ids``; a channel
    post ``channel_id``; an update ``update_of``, the row whose sent message it replaces.
    ``workspace_id`` is where it goes, so it is sent with that workspace's own token.
    ``payload`` holds the message itself until it is sent (kinds with a composer have none:
    they are written when sent), and is cleared then, so no message text is kept.
    """

    __tablename__ = "prompt"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    person_id: int | None = Field(
        default=None, foreign_key="person.id", index=True, ondelete="CASCADE"
    )
    group_person_ids: list[int] | None = Field(default=None, sa_type=JSON)
    channel_id: str | None = Field(default=None, max_length=64)
    workspace_id: str | None = Field(default=None, max_length=32)
    update_of: int | None = Field(default=None, index=True)
    subject_type: str = Field(default="", max_length=24)
    subject_id: int = 0
    dedupe_key: str = Field(max_length=128, unique=True)
    urgency: str = Field(default="quiet_hours", max_length=16)
    payload: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    conversation_id: str | None = Field(default=None, max_length=128)
    message_id: str | None = Field(default=None, max_length=128)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answer: str | None = Field(default=None, max_length=32)

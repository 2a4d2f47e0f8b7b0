"""Check-ins: goals and the prompts the bot owes people."""

from datetime import date, datetime

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
    """A message the bot owes someone: delivered once, and visible when it fails."""

    __tablename__ = "prompt"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    subject_type: str = Field(max_length=24)
    subject_id: int
    dedupe_key: str = Field(max_length=128, unique=True)
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    status: str = Field(default="pending", max_length=16, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    answer: str | None = Field(default=None, max_length=32)

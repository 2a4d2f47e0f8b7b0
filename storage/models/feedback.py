"""Feedback, read only in aggregate by reports."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, utcnow


class Feedback(SQLModel, table=True):
    """Confidential: shown to no one individually, only in aggregates."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    author_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    subject_type: str = Field(max_length=24)
    subject_id: int
    role: str = Field(max_length=16)
    usefulness: int | None = None
    would_meet_again: bool | None = None
    comment: str | None = Field(default=None, max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

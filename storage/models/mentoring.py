"""Mentoring: profiles, requests and their steps, relationships, cohort drafts."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, json_list, utcnow


class Profile(SQLModel, table=True):
    """What a mentor offers or a mentee looks for; one per person, edited at any time."""

    __tablename__ = "profile"

    person_id: int = Field(primary_key=True, foreign_key="person.id", ondelete="CASCADE")
    career_stage: str | None = Field(default=None, max_length=32)
    specialty: str | None = Field(default=None, max_length=64)
    subspecialty: str | None = Field(default=None, max_length=64)
    topics: list[str] = json_list()
    about: str = Field(default="", max_length=2000)
    department: str | None = Field(default=None, max_length=120)
    department_preference: str = Field(default="none", max_length=8)
    languages: list[str] = json_list()
    capacity: int = 0
    chats_per_month: int = 0
    paused_until: date | None = None
    never_pair: list[int] = json_list()
    email: str | None = Field(default=None, max_length=254)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    shoutout_opt_in: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    # A group the person describes themselves as part of; given only to be counted in equity
    # views (groups of five or more), and empty unless they chose to.
    self_described: str | None = Field(default=None, max_length=64)


class MentoringRequest(SQLModel, table=True):
    """A mentee's ask, as it moves from mentor to mentor until someone accepts."""

    __tablename__ = "mentoring_request"

    id: int | None = Field(default=None, primary_key=True)
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    goal: str = Field(max_length=3000)
    topics: list[str] = json_list()
    specialty: str | None = Field(default=None, max_length=64)
    format: str = Field(default="one_off", max_length=16)
    by_date: date | None = None
    status: str = Field(default="open", max_length=16, index=True)
    candidates: list[int] = json_list()
    current_mentor_id: int | None = Field(
        default=None, foreign_key="person.id", ondelete="SET NULL"
    )
    offered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    suggested_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Sensitive asks (wellbeing, say) never reach the mentee's evaluators and are only counted.
    sensitive: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    mentoring_role: str | None = Field(default=None, max_length=24)


class RequestStep(SQLModel, table=True):
    """Each move of a request (offered, reminded, declined, passed on, accepted...)."""

    __tablename__ = "request_step"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="mentoring_request.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=24)
    mentor_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    reason: str | None = Field(default=None, max_length=500)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Relationship(SQLModel, table=True):
    """A mentor and a mentee working together, from introduction to its end."""

    __tablename__ = "relationship"

    id: int | None = Field(default=None, primary_key=True)
    mentor_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    mentee_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    request_id: int | None = Field(
        default=None, foreign_key="mentoring_request.id", ondelete="SET NULL"
    )
    format: str = Field(default="one_off", max_length=16)
    conversation_id: str | None = Field(default=None, max_length=64)
    checkin_every_weeks: int = 2
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    end_reason: str | None = Field(default=None, max_length=32)


class CohortDraft(SQLModel, table=True):
    """A whole-cohort match an organizer previews; nothing is sent until it is published."""

    __tablename__ = "cohort_draft"

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=32)
    created_by: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    pairs: list[list[int]] = json_list()
    status: str = Field(default="draft", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

"""Mentoring that lasts: who evaluates whom, and the outcome surveys people answer."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, utcnow


class EvaluativeRole(SQLModel, table=True):
    """Someone who assesses trainees, so mentoring keeps apart from them.

    A row naming ``mentee_id`` covers that one trainee (a current supervisor); one without
    covers every trainee of ``department``, or of the whole program when that is empty too.
    """

    __tablename__ = "evaluative_role"

    id: int | None = Field(default=None, primary_key=True)
    evaluator_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=32)
    department: str | None = Field(default=None, max_length=120)
    mentee_id: int | None = Field(
        default=None, foreign_key="person.id", index=True, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OutcomeSurvey(SQLModel, table=True):
    """One side's confidential answers about a relationship at a milestone (1–5 scales)."""

    __tablename__ = "outcome_survey"

    id: int | None = Field(default=None, primary_key=True)
    relationship_id: int = Field(foreign_key="relationship.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    milestone: str = Field(max_length=16)
    side: str = Field(max_length=8)
    usefulness: int | None = None
    goal_progress: int | None = None
    satisfaction: int | None = None
    load: int | None = None
    answered_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MentoringAgreement(SQLModel, table=True):
    """What an ongoing pair agree on at the start; complete once both agreed to these terms."""

    __tablename__ = "mentoring_agreement"

    relationship_id: int = Field(
        primary_key=True, foreign_key="relationship.id", ondelete="CASCADE"
    )
    proposed_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    cadence_weeks: int = 2
    first_goals: str = Field(default="", max_length=1000)
    confidential: bool = True
    mentor_agreed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    mentee_agreed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

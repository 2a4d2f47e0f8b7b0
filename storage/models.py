"""Tables. Every table is declared here so that Alembic sees the whole schema."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(default="slack", max_length=16)
    workspace_id: str = Field(max_length=32)
    user_id: str = Field(max_length=64)
    display_name: str = Field(default="", max_length=200)
    timezone: str | None = Field(default=None, max_length=64)
    is_mentee: bool = False
    is_mentor: bool = False
    is_organizer: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ProcessedEvent(SQLModel, table=True):
    """Slack event ids already handled, so a retried delivery is dropped."""

    __tablename__ = "processed_event"

    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(default_factory=utcnow, index=True, sa_type=UTCDateTime)


def json_list() -> Any:
    return Field(default_factory=list, sa_type=JSON)


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


class CoffeeProgram(SQLModel, table=True):
    """Coffee-chat rounds in one channel: when they run, how groups are made, and whether on."""

    __tablename__ = "coffee_program"
    __table_args__ = (UniqueConstraint("platform", "workspace_id", "channel_id"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(default="slack", max_length=16)
    workspace_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=64)
    channel_name: str | None = Field(default=None, max_length=200)
    cadence: str = Field(default="weekly", max_length=16)
    weekday: int = 1
    hour: int = 9
    timezone: str = Field(default="America/New_York", max_length=64)
    group_size: int = 2
    mode: str = Field(default="anyone", max_length=16)
    window: int = 12
    status: str = Field(default="active", max_length=16, index=True)
    skip_next: bool = False
    next_round_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="person.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CoffeeRound(SQLModel, table=True):
    """One round of a program, numbered once: announced, paired, done or skipped."""

    __tablename__ = "coffee_round"
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="coffee_program.id", index=True, ondelete="CASCADE")
    number: int
    seed: int = 0
    scheduled_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="announced", max_length=16)
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    ignores_counted: bool = False
    ran_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CoffeeGroup(SQLModel, table=True):
    """People introduced to each other in one round, and the conversation that introduced them."""

    __tablename__ = "coffee_group"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="coffee_round.id", index=True, ondelete="CASCADE")
    person_ids: list[int] = json_list()
    mentor_id: int | None = None
    conversation_id: str | None = Field(default=None, max_length=64)
    introduced_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CoffeeMembership(SQLModel, table=True):
    """Someone taking part in a program: in the channel or not, paused, skipping, opted out."""

    __tablename__ = "coffee_membership"
    __table_args__ = (UniqueConstraint("program_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="coffee_program.id", index=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    paused_until: date | None = None
    skip_round_number: int | None = None
    ignored_in_a_row: int = 0
    active: bool = True
    opted_out: bool = False
    joined_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    left_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


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


# --- speed-mentoring events --------------------------------------------------------------


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


class EventAnnouncement(SQLModel, table=True):
    """One message an event owes someone: claimed before it is sent, so none goes twice."""

    __tablename__ = "event_announcement"
    __table_args__ = (UniqueConstraint("event_id", "round_number", "kind", "recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    round_number: int
    kind: str = Field(max_length=24)
    recipient: str = Field(max_length=64)
    status: str = Field(default="claimed", max_length=16)
    error: str | None = Field(default=None, max_length=200)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


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


class TeamsConversation(SQLModel, table=True):
    """Where the Teams bot can reach one person: their personal chat's conversation reference."""

    __tablename__ = "teams_conversation"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", unique=True, ondelete="CASCADE")
    teams_user_id: str = Field(max_length=256)
    conversation_id: str = Field(max_length=512, index=True)
    service_url: str = Field(max_length=512)
    reference: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

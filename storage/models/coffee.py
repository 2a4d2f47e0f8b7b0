"""Coffee roulette: programs, rounds, groups and memberships."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, json_list, utcnow


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

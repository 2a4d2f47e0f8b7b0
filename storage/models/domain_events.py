"""Domain events: what happened, written with the change, and whether its handlers have run."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, json_list, utcnow


class DomainEventStatus(StrEnum):
    PENDING = "pending"
    HANDLING = "handling"
    HANDLED = "handled"
    FAILED = "failed"


class DomainEvent(SQLModel, table=True):
    """One event; ``handled_by`` names the handlers already done, so a retry skips them."""

    __tablename__ = "domain_event"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    status: str = Field(default=DomainEventStatus.PENDING, max_length=16, index=True)
    attempts: int = 0
    error: str | None = Field(default=None, max_length=200)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    handled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    handled_by: list[str] = json_list()

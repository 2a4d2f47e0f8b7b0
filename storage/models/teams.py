"""Where the Teams adapter can reach people."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.models.base import UTCDateTime, utcnow


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

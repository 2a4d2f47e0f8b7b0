"""Domain event rows: added with the change they describe, then claimed by one dispatcher.

Status moves pending -> handling -> handled, or back to pending (a handler failed, to be
retried) or on to failed (it kept failing); every move is one conditional UPDATE, so two
dispatchers racing for the same row cannot both win it.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlmodel import Session, col, select

from storage.models import DomainEvent, DomainEventStatus

ERROR_LENGTH = 200


class DomainEventRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, name: str, payload: dict[str, Any], occurred_at: datetime) -> int:
        row = DomainEvent(name=name, payload=payload, occurred_at=occurred_at)
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def get(self, event_id: int) -> DomainEvent | None:
        return self.session.get(DomainEvent, event_id)

    def claim(self, event_id: int, now: datetime) -> bool:
        """Take a pending event for handling; false when someone else has, or it is done."""
        return self._move(
            event_id,
            col(DomainEvent.status) == DomainEventStatus.PENDING,
            status=DomainEventStatus.HANDLING,
            claimed_at=now,
            attempts=DomainEvent.attempts + 1,
        )

    def mark_handler_done(self, event_id: int, handled_by: list[str]) -> None:
        self._move(event_id, handled_by=handled_by)

    def mark_handled(self, event_id: int, now: datetime) -> bool:
        return self._move(
            event_id,
            col(DomainEvent.status) == DomainEventStatus.HANDLING,
            status=DomainEventStatus.HANDLED,
            handled_at=now,
            claimed_at=None,
            error=None,
        )

    def mark_failed(self, event_id: int, error: str, retry: bool) -> bool:
        """A handler failed: back to pending for the sweeper, or failed for good."""
        return self._move(
            event_id,
            col(DomainEvent.status) == DomainEventStatus.HANDLING,
            status=DomainEventStatus.PENDING if retry else DomainEventStatus.FAILED,
            claimed_at=None,
            error=error[:ERROR_LENGTH],
        )

    def release_stale(self, claimed_before: datetime) -> int:
        """Put back claims older than ``claimed_before`` (their dispatcher died)."""
        statement = (
            update(DomainEvent)
            .where(
                col(DomainEvent.status) == DomainEventStatus.HANDLING,
                col(DomainEvent.claimed_at) < claimed_before,
            )
            .values(status=DomainEventStatus.PENDING, claimed_at=None)
        )
        return int(self.session.connection().execute(statement).rowcount)

    def pending_older_than(self, moment: datetime, limit: int) -> list[int]:
        rows = self.session.exec(
            select(DomainEvent.id)
            .where(
                col(DomainEvent.status) == DomainEventStatus.PENDING,
                col(DomainEvent.occurred_at) < moment,
            )
            .order_by(col(DomainEvent.id))
            .limit(limit)
        ).all()
        return [int(event_id) for event_id in rows if event_id is not None]

    def _move(self, event_id: int, *conditions: ColumnElement[bool], **values: object) -> bool:
        statement = (
            update(DomainEvent).where(col(DomainEvent.id) == event_id, *conditions).values(**values)
        )
        moved = self.session.connection().execute(statement).rowcount == 1
        self.session.expire_all()
        return moved

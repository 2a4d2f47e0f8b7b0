from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from storage.models import ProcessedEvent


def record_event(session: Session, event_id: str, received_at: datetime) -> bool:
    """Remember an event id; False when it was already there."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(ProcessedEvent)
        .values(event_id=event_id, received_at=received_at)
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
    return bool(session.connection().execute(statement).rowcount)


def forget_events_before(session: Session, moment: datetime) -> None:
    session.connection().execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < moment))  # type: ignore[arg-type]

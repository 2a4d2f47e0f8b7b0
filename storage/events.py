"""Speed-mentoring events: every query the events service and report need."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.db import Database
from storage.models import (
    EventAnnouncement,
    EventExpert,
    EventFollowUp,
    EventMentee,
    Feedback,
    Person,
    SpeedEvent,
)
from storage.people import PersonKey, PersonRepository

EVENT_FEEDBACK = "event"


class EventStatus(StrEnum):
    DRAFT = "draft"
    SIGNUP = "signup"
    CLOSED = "closed"
    PUBLISHED = "published"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


class AnnouncementStatus(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


@dataclass
class EventRows:
    """An event with its experts and mentees, in the order they were added."""

    event: SpeedEvent
    experts: list[EventExpert]
    mentees: list[EventMentee]


@dataclass(frozen=True)
class PeriodRows:
    """What the program report counts over the events held in a period."""

    event_ids: list[int]
    mentees: Sequence[EventMentee]
    experts: Sequence[EventExpert]
    feedback: Sequence[Feedback]
    follow_ups: Sequence[EventFollowUp]


class EventRepository:
    """Reads and writes speed-mentoring rows inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def session(self) -> Session:
        return self._session

    @classmethod
    @contextmanager
    def writing(cls, database: Database) -> Iterator[EventRepository]:
        with database.write() as session:
            yield cls(session)

    @classmethod
    @contextmanager
    def reading(cls, database: Database) -> Iterator[EventRepository]:
        with database.read() as session:
            yield cls(session)

    def add(self, row: Any) -> None:
        self._session.add(row)

    def flush(self) -> None:
        self._session.flush()

    def person_id(self, key: PersonKey) -> int:
        person = PersonRepository(self._session).get_or_create(key)
        assert person.id is not None
        return person.id

    def persons(self, ids: Iterable[int]) -> Sequence[Person]:
        wanted = set(ids)
        if not wanted:
            return []
        return self._session.exec(select(Person).where(col(Person.id).in_(wanted))).all()

    def event(self, workspace_id: str, event_id: int) -> SpeedEvent | None:
        return self._session.exec(
            select(SpeedEvent).where(
                SpeedEvent.workspace_id == workspace_id, SpeedEvent.id == event_id
            )
        ).first()

    def newest_events(self, workspace_id: str, limit: int) -> list[SpeedEvent]:
        return list(
            self._session.exec(
                select(SpeedEvent)
                .where(SpeedEvent.workspace_id == workspace_id)
                .order_by(col(SpeedEvent.id).desc())
                .limit(limit)
            )
        )

    def load(self, event_id: int, for_update: bool = False) -> EventRows | None:
        query = select(SpeedEvent).where(SpeedEvent.id == event_id)
        if for_update and self._session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        event = self._session.exec(query).first()
        if event is None:
            return None
        experts = self._session.exec(
            select(EventExpert)
            .where(EventExpert.event_id == event_id)
            .order_by(col(EventExpert.id))
        )
        mentees = self._session.exec(
            select(EventMentee)
            .where(EventMentee.event_id == event_id)
            .order_by(col(EventMentee.id))
        )
        return EventRows(event, list(experts), list(mentees))

    def feedback_by(self, event_id: int, author_id: int) -> Feedback | None:
        return self._session.exec(
            select(Feedback).where(
                Feedback.subject_type == EVENT_FEEDBACK,
                Feedback.subject_id == event_id,
                Feedback.author_id == author_id,
            )
        ).first()

    def feedback(self, event_id: int) -> Sequence[Feedback]:
        return self._session.exec(
            select(Feedback).where(
                Feedback.subject_type == EVENT_FEEDBACK, Feedback.subject_id == event_id
            )
        ).all()

    def follow_up(
        self, event_id: int, mentee_person_id: int, expert_person_id: int
    ) -> EventFollowUp | None:
        return self._session.exec(
            select(EventFollowUp).where(
                EventFollowUp.event_id == event_id,
                EventFollowUp.mentee_person_id == mentee_person_id,
                EventFollowUp.expert_person_id == expert_person_id,
            )
        ).first()

    def follow_ups(self, event_id: int) -> Sequence[EventFollowUp]:
        return self._session.exec(
            select(EventFollowUp).where(EventFollowUp.event_id == event_id)
        ).all()

    def announcement(
        self, event_id: int, round_number: int, kind: str, recipient: str
    ) -> EventAnnouncement:
        return self._session.exec(
            select(EventAnnouncement).where(
                EventAnnouncement.event_id == event_id,
                EventAnnouncement.round_number == round_number,
                EventAnnouncement.kind == kind,
                EventAnnouncement.recipient == recipient,
            )
        ).one()

    def claim_announcement(
        self, event_id: int, round_number: int, kind: str, recipient: str, now: datetime
    ) -> bool:
        """Record the message as claimed; False when another worker claimed it first."""
        dialect = self._session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        result = self._session.connection().execute(
            insert(EventAnnouncement)
            .values(
                event_id=event_id,
                round_number=round_number,
                kind=kind,
                recipient=recipient,
                status=AnnouncementStatus.CLAIMED,
                claimed_at=now,
            )
            .on_conflict_do_nothing()
            .returning(col(EventAnnouncement.id))
        )
        return result.first() is not None

    def held_between(self, since: datetime, until: datetime, statuses: Sequence[str]) -> PeriodRows:
        events = self._session.exec(
            select(SpeedEvent).where(
                col(SpeedEvent.starts_at) >= since,
                col(SpeedEvent.starts_at) < until,
                col(SpeedEvent.status).in_(statuses),
            )
        ).all()
        ids = [e.id for e in events if e.id is not None]
        if not ids:
            return PeriodRows([], [], [], [], [])
        return PeriodRows(
            ids,
            self._session.exec(select(EventMentee).where(col(EventMentee.event_id).in_(ids))).all(),
            self._session.exec(select(EventExpert).where(col(EventExpert.event_id).in_(ids))).all(),
            self._session.exec(
                select(Feedback).where(
                    Feedback.subject_type == EVENT_FEEDBACK, col(Feedback.subject_id).in_(ids)
                )
            ).all(),
            self._session.exec(
                select(EventFollowUp).where(col(EventFollowUp.event_id).in_(ids))
            ).all(),
        )

"""Speed-mentoring events: every query the events service and report need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from storage.models import (
    EventExpert,
    EventFollowUp,
    EventMentee,
    Feedback,
    Person,
    SpeedEvent,
)
from storage.people import PersonKey, PersonRepository
from storage.repository import Repository

EVENT_FEEDBACK = "event"


class EventStatus(StrEnum):
    DRAFT = "draft"
    SIGNUP = "signup"
    CLOSED = "closed"
    PUBLISHED = "published"
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


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


class EventRepository(Repository):
    """Reads and writes speed-mentoring rows inside one unit of work."""

    @property
    def session(self) -> Session:
        """The unit of work, for what is written with the event's change (outbox rows)."""
        return self._session

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

    def held_between(
        self,
        since: datetime,
        until: datetime,
        statuses: Sequence[str],
        workspace_id: str | None = None,
    ) -> PeriodRows:
        query = select(SpeedEvent).where(
            col(SpeedEvent.starts_at) >= since,
            col(SpeedEvent.starts_at) < until,
            col(SpeedEvent.status).in_(statuses),
        )
        if workspace_id is not None:
            query = query.where(SpeedEvent.workspace_id == workspace_id)
        events = self._session.exec(query).all()
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

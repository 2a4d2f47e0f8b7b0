"""An event as one step loads it, and what the planner and the messages read from it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from bot.events.live.context import EventProblem, require
from bot.events.model import EventSpec, Expert, Mentee, Plan
from bot.events.planner import SEARCH_SECONDS, plan_event
from bot.events.stored import plan_from_json
from bot.identity import PersonRef
from bot.replies import Time
from storage.db import Database
from storage.events import EventRepository
from storage.models import EventExpert, EventMentee, SpeedEvent


@dataclass(frozen=True)
class EventSummary:
    event_id: int
    name: str
    channel_id: str
    status: str
    starts_at: datetime
    timezone: str
    rounds: int
    current_round: int
    experts: int
    mentees: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Loaded:
    event: SpeedEvent
    experts: list[EventExpert]
    mentees: list[EventMentee]

    @property
    def spec(self) -> EventSpec:
        return EventSpec(self.event.rounds, self.event.table_min, self.event.table_max)

    def planner_experts(self) -> list[Expert]:
        return [_expert(row) for row in self.experts]

    def planner_mentees(self, *, staying_only: bool) -> list[Mentee]:
        return [
            _mentee(row)
            for row in self.mentees
            if not staying_only or row.absent_from_round is None
        ]

    def plan(self) -> Plan:
        assert self.event.plan is not None
        return plan_from_json(
            self.event.plan,
            self.spec,
            self.planner_experts(),
            self.planner_mentees(staying_only=False),
        )

    def fresh_plan(self, search_seconds: float = SEARCH_SECONDS) -> Plan:
        if not self.experts:
            raise EventProblem("Add experts first: /speedmentor experts or import-experts.")
        mentees = self.planner_mentees(staying_only=True)
        if not mentees:
            raise EventProblem("No mentees yet: open sign-up or use import-mentees.")
        try:
            return plan_event(
                self.planner_experts(),
                mentees,
                self.spec,
                seed=require(self.event.id),
                search_seconds=search_seconds,
            )
        except ValueError as error:
            raise EventProblem(str(error)) from error

    def expert_by_key(self) -> dict[str, EventExpert]:
        return {f"e{row.id}": row for row in self.experts}

    def mentee_by_key(self) -> dict[str, EventMentee]:
        return {f"m{row.id}": row for row in self.mentees}

    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.topic for row in self.experts if row.topic))


def _expert(row: EventExpert) -> Expert:
    return Expert(f"e{row.id}", row.name, row.topic, row.table_label, frozenset(row.absent_rounds))


def _mentee(row: EventMentee) -> Mentee:
    return Mentee(f"m{row.id}", row.name, tuple(row.ranked_topics))


def is_present(mentee: EventMentee, round_number: int) -> bool:
    """Whether the mentee is still there in that round (absence runs to the end)."""
    return mentee.absent_from_round is None or mentee.absent_from_round > round_number


def load(store: EventRepository, event_id: int, for_update: bool = False) -> Loaded:
    rows = store.load(event_id, for_update)
    if rows is None:
        raise EventProblem(f"There is no event #{event_id}.")
    return Loaded(rows.event, rows.experts, rows.mentees)


@contextmanager
def editing(database: Database, event_id: int) -> Iterator[tuple[EventRepository, Loaded]]:
    """One write transaction over the event, its rows locked against concurrent steps."""
    with EventRepository.writing(database) as store:
        yield store, load(store, event_id, for_update=True)


def summary(store: EventRepository, event_id: int) -> EventSummary:
    loaded = load(store, event_id)
    event = loaded.event
    return EventSummary(
        event_id=event_id,
        name=event.name,
        channel_id=event.channel_id,
        status=event.status,
        starts_at=event.starts_at,
        timezone=event.timezone,
        rounds=event.rounds,
        current_round=event.current_round,
        experts=len(loaded.experts),
        mentees=len(loaded.mentees),
        topics=loaded.topics(),
    )


def people(
    store: EventRepository, rows: Sequence[EventExpert | EventMentee]
) -> dict[int, PersonRef]:
    persons = store.persons(row.person_id for row in rows if row.person_id is not None)
    return {require(p.id): PersonRef(p.platform, p.workspace_id, p.user_id) for p in persons}


def everyone(store: EventRepository, loaded: Loaded) -> dict[int, PersonRef]:
    return people(store, [*loaded.experts, *loaded.mentees])


def person_of(known: dict[int, PersonRef], person_id: int | None) -> PersonRef | None:
    return known.get(person_id) if person_id is not None else None


def upsert_mentee(
    store: EventRepository,
    loaded: Loaded,
    person: PersonRef | None,
    name: str,
    ranked_topics: tuple[str, ...],
    joined_late: bool = False,
) -> EventMentee:
    person_id = store.person_id(person) if person else None
    row = next((m for m in loaded.mentees if person_id and m.person_id == person_id), None)
    if row is None:
        row = EventMentee(event_id=require(loaded.event.id), name=name, joined_late=joined_late)
        loaded.mentees.append(row)
    row.name = name[:200] or row.name
    row.person_id = person_id
    row.ranked_topics = list(ranked_topics)
    row.absent_from_round = None
    store.add(row)
    store.flush()
    return row


def starts(event: SpeedEvent) -> Time:
    return Time(event.starts_at, event.timezone, "date_time")

"""Domain events are written with the change, handled once after it commits, and retried."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.domain import (
    DISPATCH_TASK,
    SWEEP_JOB,
    SWEEP_TASK,
    CoffeeGroupIntroduced,
    DomainEvents,
    Ended,
    Handlers,
    Introduced,
    record,
)
from bot.domain.dispatch import LEFT_OVER_AFTER, MAX_ATTEMPTS
from bot.scheduling import Primitive, register_task, unregister_task
from storage.db import Database
from storage.models import DomainEvent, DomainEventStatus, Person

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@dataclass
class Intervals:
    booked: dict[str, tuple[str, timedelta, datetime | None]] = field(default_factory=dict)

    def schedule_interval(
        self,
        job_id: str,
        task: str,
        every: timedelta,
        args: Sequence[Primitive] = (),
        first_run_at: datetime | None = None,
    ) -> None:
        self.booked[job_id] = (task, every, first_run_at)


@dataclass
class CheckIns:
    """A handler that fails as many times as it is told to, then notes what it saw."""

    failures_left: int = 0
    seen: list[object] = field(default_factory=list)

    def introduced(self, event: Introduced) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise RuntimeError("the platform was down")
        self.seen.append(event)


@dataclass
class Reports:
    seen: list[object] = field(default_factory=list)

    def introduced(self, event: Introduced) -> None:
        self.seen.append(event)


@dataclass
class World:
    database: Database
    clock: FakeClock
    checkins: CheckIns
    reports: Reports
    scheduler: Intervals
    events: DomainEvents

    def rows(self) -> list[DomainEvent]:
        with self.database.read() as session:
            return list(session.exec(select(DomainEvent)).all())

    def introduce(self, relationship_id: int = 7) -> None:
        with self.database.write() as session:
            session.add(Person(workspace_id="T1", user_id=f"U{relationship_id}"))
            record(session, Introduced(relationship_id, "ongoing"), self.clock.now())


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    database = Database(database_url)
    clock, checkins, reports, scheduler = FakeClock(START), CheckIns(), Reports(), Intervals()
    handlers = Handlers({Introduced: [checkins.introduced, reports.introduced]})
    events = DomainEvents(database, clock, scheduler, handlers)  # type: ignore[arg-type]
    register_task(DISPATCH_TASK, events.dispatch)
    yield World(database, clock, checkins, reports, scheduler, events)
    unregister_task(DISPATCH_TASK)
    database.dispose()


def test_an_event_is_written_with_the_change_and_handled_right_after_commit(world: World) -> None:
    world.introduce()

    assert world.checkins.seen == [Introduced(7, "ongoing")]
    assert world.reports.seen == [Introduced(7, "ongoing")]
    [row] = world.rows()
    assert (row.name, row.status, row.attempts) == ("Introduced", DomainEventStatus.HANDLED, 1)
    assert row.handled_at is not None


def test_an_event_is_dropped_with_the_change_that_rolled_back(world: World) -> None:
    with pytest.raises(ValueError), world.database.write() as session:
        record(session, Introduced(7, "ongoing"), world.clock.now())
        raise ValueError("the introduction could not be stored")

    assert world.rows() == []
    assert world.checkins.seen == []


def test_a_failed_handler_is_retried_by_the_sweeper_and_the_others_are_not_run_again(
    world: World,
) -> None:
    world.checkins.failures_left = 1
    world.introduce()

    [row] = world.rows()
    assert row.status == DomainEventStatus.PENDING and "platform was down" in (row.error or "")
    assert world.checkins.seen == [] and len(world.reports.seen) == 1
    assert world.events.sweep() == 0  # too fresh: the dispatch after commit may still be on it

    world.clock.advance(LEFT_OVER_AFTER + timedelta(seconds=1))
    assert world.events.sweep() == 1

    assert world.checkins.seen == [Introduced(7, "ongoing")]
    assert len(world.reports.seen) == 1
    [row] = world.rows()
    assert (row.status, row.attempts, row.error) == (DomainEventStatus.HANDLED, 2, None)


def test_an_event_dispatched_twice_is_handled_once(world: World) -> None:
    world.introduce()
    [row] = world.rows()
    assert row.id is not None

    assert world.events.dispatch(row.id) is False
    world.clock.advance(LEFT_OVER_AFTER * 2)
    assert world.events.sweep() == 0

    assert len(world.checkins.seen) == 1 and len(world.reports.seen) == 1


def test_a_handler_that_keeps_failing_leaves_the_event_failed_for_organizers(
    world: World,
) -> None:
    world.checkins.failures_left = MAX_ATTEMPTS
    world.introduce()
    for _ in range(MAX_ATTEMPTS):
        world.clock.advance(LEFT_OVER_AFTER * 2)
        world.events.sweep()

    [row] = world.rows()
    assert (row.status, row.attempts) == (DomainEventStatus.FAILED, MAX_ATTEMPTS)
    assert world.checkins.seen == []


def test_a_claim_whose_dispatcher_died_is_freed_and_handled(world: World) -> None:
    unregister_task(DISPATCH_TASK)  # nothing dispatches after commit: as if the process died
    world.introduce()
    [row] = world.rows()
    assert row.id is not None and row.status == DomainEventStatus.PENDING

    world.clock.advance(timedelta(hours=1))
    assert world.events.sweep() == 1
    assert len(world.checkins.seen) == 1


def test_events_without_handlers_are_simply_marked_handled(world: World) -> None:
    with world.database.write() as session:
        record(session, Ended(7), world.clock.now())

    [row] = world.rows()
    assert row.status == DomainEventStatus.HANDLED


def test_the_sweeper_is_booked_under_one_id_at_every_start(world: World) -> None:
    world.events.ensure_sweeper()
    world.clock.advance(timedelta(minutes=1))
    world.events.ensure_sweeper()

    assert list(world.scheduler.booked) == [SWEEP_JOB]
    task, every, first = world.scheduler.booked[SWEEP_JOB]
    assert task == SWEEP_TASK and first is not None
    assert START < first <= START + every


def test_payloads_round_trip_with_times_and_lists() -> None:
    event = CoffeeGroupIntroduced(3, (1, 2, 5), START + timedelta(days=3))

    assert CoffeeGroupIntroduced.from_payload(event.to_payload()) == event
    assert event.to_payload() == {
        "group_id": 3,
        "person_ids": [1, 2, 5],
        "ask_at": "2026-12-05T09:00:00+00:00",
    }


def test_one_handler_listed_twice_for_an_event_is_refused() -> None:
    checkins = CheckIns()
    with pytest.raises(ValueError):
        Handlers({Introduced: [checkins.introduced, checkins.introduced]})

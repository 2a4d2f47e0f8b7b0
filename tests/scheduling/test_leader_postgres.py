"""Replicas sharing one PostgreSQL database: exactly one runs jobs, and another takes over."""

import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from bot.scheduling import LeaderElection, SchedulingReplica
from tests.scheduling import recorder

pytestmark = pytest.mark.postgres

RECORD = "tests.scheduling.recorder:record"
POLL_SECONDS = 0.2
TAKEOVER_SECONDS = 3.0


@pytest.fixture
def pg_url() -> str:
    url = os.environ.get("ROUNDS_TEST_DATABASE_URL")
    if not url:
        pytest.skip("ROUNDS_TEST_DATABASE_URL is not set (a PostgreSQL database URL)")
    return url


@pytest.fixture
def lock_key() -> int:
    # Positive and below 2**31, so pg_locks shows it as objid with classid 0.
    return random.randint(1, 2**31 - 1)


@pytest.fixture
def make_replica(pg_url: str, lock_key: int) -> Iterator[Callable[[], SchedulingReplica]]:
    tablename = f"apscheduler_jobs_{uuid4().hex[:12]}"
    started: list[SchedulingReplica] = []

    def make() -> SchedulingReplica:
        replica = SchedulingReplica(
            pg_url, lock_key=lock_key, poll_seconds=POLL_SECONDS, tablename=tablename
        )
        replica.start()
        started.append(replica)
        return replica

    yield make
    for replica in started:
        replica.stop()
    engine = create_engine(pg_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f'DROP TABLE IF EXISTS "{tablename}"'))
    engine.dispose()


def _leader_and_follower(
    first: SchedulingReplica, second: SchedulingReplica
) -> tuple[SchedulingReplica, SchedulingReplica]:
    assert recorder.wait_for(lambda: first.is_leader or second.is_leader, TAKEOVER_SECONDS)
    time.sleep(3 * POLL_SECONDS)  # let the other replica campaign, and lose
    assert first.is_leader != second.is_leader
    return (first, second) if first.is_leader else (second, first)


def _terminate_lock_holder(pg_url: str, lock_key: int) -> int:
    engine = create_engine(pg_url, poolclass=NullPool)
    with engine.begin() as connection:
        terminated = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                " WHERE locktype = 'advisory' AND classid = 0 AND objid = :key AND granted"
            ),
            {"key": lock_key},
        ).scalar_one()
    engine.dispose()
    return int(terminated)


def test_two_replicas_fire_each_job_exactly_once(
    make_replica: Callable[[], SchedulingReplica],
) -> None:
    leader, follower = _leader_and_follower(make_replica(), make_replica())
    soon = datetime.now(UTC) + timedelta(seconds=0.3)
    labels = [f"job {n}" for n in range(8)]
    for n, label in enumerate(labels):
        adder = leader if n % 2 else follower
        adder.scheduler.schedule_once(
            f"job:{n}", RECORD, soon + timedelta(milliseconds=50 * n), [label]
        )

    assert recorder.wait_for(lambda: len(recorder.calls()) >= len(labels), timeout=5)
    time.sleep(5 * POLL_SECONDS)
    assert sorted(recorder.calls()) == labels
    assert leader.scheduler.jobs() == []


def test_leadership_moves_when_the_leader_loses_its_connection(
    make_replica: Callable[[], SchedulingReplica], pg_url: str, lock_key: int
) -> None:
    leader, follower = _leader_and_follower(make_replica(), make_replica())

    assert _terminate_lock_holder(pg_url, lock_key) == 1

    assert recorder.wait_for(lambda: follower.is_leader, TAKEOVER_SECONDS)
    assert recorder.wait_for(lambda: not leader.is_leader, TAKEOVER_SECONDS)
    assert not leader.scheduler.is_processing
    leader.scheduler.schedule_once("after-failover", RECORD, datetime.now(UTC), ["after"])
    assert recorder.wait_for(lambda: recorder.calls() == ["after"], timeout=5)
    time.sleep(5 * POLL_SECONDS)
    assert recorder.calls() == ["after"]
    assert follower.is_leader and not leader.is_leader


def test_leadership_moves_when_the_leader_stops(
    make_replica: Callable[[], SchedulingReplica],
) -> None:
    leader, follower = _leader_and_follower(make_replica(), make_replica())

    leader.stop()

    assert recorder.wait_for(lambda: follower.is_leader, TAKEOVER_SECONDS)
    assert follower.scheduler.is_processing


def test_only_one_election_wins_a_key(pg_url: str, lock_key: int) -> None:
    elections = [
        LeaderElection(
            pg_url, lock_key, on_elected=lambda: None, on_demoted=lambda: None, poll_seconds=0.05
        )
        for _ in range(4)
    ]
    for election in elections:
        election.start()
    try:
        assert recorder.wait_for(lambda: any(e.is_leader for e in elections), TAKEOVER_SECONDS)
        time.sleep(0.3)
        assert sum(e.is_leader for e in elections) == 1
    finally:
        for election in elections:
            election.stop()

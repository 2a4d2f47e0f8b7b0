"""Two schedulers on one PostgreSQL database: each prompt is delivered once."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from sqlmodel import select

from bot.checkins import CheckIns
from bot.clock import SystemClock
from bot.identity import PersonRef
from bot.messaging import RecordingMessenger
from bot.outbox import DELIVER_TASK, SWEEP_TASK, Outbox, QuietHours
from bot.scheduling import JobScheduler, SchedulingReplica, register_task, unregister_task
from storage.db import Database
from storage.models import Prompt
from storage.people import PersonRepository
from tests.databases import POSTGRES_URL, migrated_database

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="set ROUNDS_TEST_DATABASE_URL to PostgreSQL"),
]
PEOPLE = 12
NEVER_QUIET = QuietHours(clock_time(0), clock_time(0), False, "UTC")


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[str]:
    with migrated_database("postgresql", tmp_path) as url:
        yield url


def _setup(url: str) -> tuple[CheckIns, RecordingMessenger, list[int], JobScheduler]:
    database = Database(url)
    with database.write() as session:
        ids = []
        for n in range(PEOPLE):
            row = PersonRepository(session).get_or_create(PersonRef.slack("T1", f"U{n:04d}"))
            assert row.id is not None
            ids.append(row.id)
    messenger = RecordingMessenger()
    adder = JobScheduler(database.url)
    adder.start(paused=True)
    outbox = Outbox(database, SystemClock(), messenger, adder, NEVER_QUIET)
    checkins = CheckIns(database, SystemClock(), outbox, adder)
    register_task(DELIVER_TASK, checkins.outbox.deliver)
    register_task(SWEEP_TASK, checkins.outbox.sweep)
    return checkins, messenger, ids, adder


def _wait_all_sent(checkins: CheckIns, expected: int, timeout: float = 15) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with checkins.database.read() as session:
            statuses = [p.status for p in session.exec(select(Prompt)).all()]
        if statuses.count("sent") == expected:
            return statuses
        time.sleep(0.1)
    return statuses


# In the split-brain case APScheduler 3's own loop trips (JobLookupError in its thread) when
# the other scheduler removed a job first; that is why replicas elect a leader. The claim on
# the prompt row must still keep every prompt to one delivery.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("elected", [True, False], ids=["leader elected", "both running"])
def test_two_schedulers_deliver_each_prompt_once(postgres: str, elected: bool) -> None:
    checkins, messenger, ids, adder = _setup(postgres)
    replicas: list[SchedulingReplica | JobScheduler] = []
    try:
        lock_key = f"checkins-{uuid4()}"
        for _ in range(2):
            if elected:
                replica = SchedulingReplica(postgres, lock_key=lock_key, poll_seconds=0.2)
                replica.start()
            else:
                # No election at all: both process the same store, as in a split brain.
                replica = JobScheduler(postgres, store_poll_seconds=0.2)
                replica.start()
            replicas.append(replica)
        soon = datetime.now(UTC) + timedelta(seconds=0.5)
        for n in range(3):
            checkins.schedule_did_you_meet("event", n, ids, soon)

        statuses = _wait_all_sent(checkins, 3 * PEOPLE)
        time.sleep(0.5)

        assert statuses.count("sent") == 3 * PEOPLE
        sent_to = [to for to, _ in messenger.sent]
        assert len(sent_to) == 3 * PEOPLE
        assert sorted(set(sent_to)) == sorted(f"U{n:04d}" for n in range(PEOPLE))
        assert all(sent_to.count(user) == 3 for user in set(sent_to))
    finally:
        for replica in replicas:
            if isinstance(replica, SchedulingReplica):
                replica.stop()
            else:
                replica.shutdown()
        adder.shutdown()
        unregister_task(DELIVER_TASK)
        unregister_task(SWEEP_TASK)
        checkins.database.dispose()
        engine = create_engine(postgres, poolclass=NullPool)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
        engine.dispose()

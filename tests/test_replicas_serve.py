"""Two `rounds serve` processes on one PostgreSQL schema, as compose.yaml runs them.

Exactly one leads scheduling, a due job runs once (in the leader), each /readyz says which
replica leads, and when the leader stops the other takes over.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from bot.scheduling import JobScheduler
from bot.settings import Settings
from devtools.databases import postgres_schema
from devtools.slack.fake_api import FakeSlack
from storage.db import Database
from storage.migrate import upgrade
from tests.databases import POSTGRES_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="set ROUNDS_TEST_DATABASE_URL to PostgreSQL"),
]
ROUNDS = Path(sys.executable).parent / "rounds"
# Loaded CI machines take seconds to import the app; a healthy start is far quicker.
START_TIMEOUT = 60.0
T = TypeVar("T")


@dataclass
class Replica:
    process: subprocess.Popen[bytes]
    url: str

    def readiness(self) -> dict[str, Any] | None:
        try:
            with urlopen(self.url + "/readyz", timeout=2) as response:
                body: dict[str, Any] = json.loads(response.read())
                return body
        except (URLError, OSError, ValueError):
            return None

    def leads(self) -> bool:
        return (self.readiness() or {}).get("scheduler_leader") is True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def eventually(check: Callable[[], T], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting until {what}")


@pytest.fixture
def schema() -> Iterator[str]:
    assert POSTGRES_URL
    with postgres_schema(POSTGRES_URL, prefix="replicas") as url:
        database = Database(url)
        upgrade(database)  # compose's migrate step, before either replica starts
        database.dispose()
        yield url


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def start_replica(
    schema: str, fake_slack: FakeSlack, tmp_path: Path
) -> Iterator[Callable[[], Replica]]:
    started: list[Replica] = []
    environment = {k: v for k, v in os.environ.items() if k not in Settings.model_fields}

    def start() -> Replica:
        port = free_port()
        settings = {
            "SLACK_BOT_TOKEN": "xoxb-replica-test",
            "SLACK_SIGNING_SECRET": "replica-secret",
            "SLACK_API_URL": fake_slack.api_url,
            "DATABASE_URL": schema,
            "PORT": str(port),
            "SCHEDULER_POLL_SECONDS": "0.5",
            "COMPUTE_PROCESSES": "0",
            "LOG_FORMAT": "json",
        }
        log = (tmp_path / f"replica-{port}.log").open("wb")
        process = subprocess.Popen(
            [str(ROUNDS), "serve"],
            env=environment | settings,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        replica = Replica(process, f"http://127.0.0.1:{port}")
        started.append(replica)
        return replica

    yield start
    for replica in started:
        if replica.process.poll() is None:
            replica.process.send_signal(signal.SIGTERM)
    for replica in started:
        try:
            replica.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            replica.process.kill()


def test_two_replicas_elect_one_leader_that_runs_a_job_once_and_hands_over(
    schema: str, start_replica: Callable[[], Replica], tmp_path: Path
) -> None:
    first, second = start_replica(), start_replica()
    for replica in (first, second):
        eventually(replica.readiness, START_TIMEOUT, f"{replica.url} is ready")
    leader = eventually(lambda: [r for r in (first, second) if r.leads()], 10, "a replica leads")
    runs = tmp_path / "runs.txt"

    adder = JobScheduler(schema)
    adder.start(paused=True)
    try:
        adder.schedule_once(
            "probe:once", "devtools.probes:record_run", datetime.now(UTC), (str(runs),)
        )
    finally:
        adder.shutdown()
    eventually(runs.exists, 15, "the job ran")
    time.sleep(1.5)  # three polls more: long enough for a second run, were there one

    assert len(leader) == 1
    (leading,) = leader
    following = second if leading is first else first
    assert runs.read_text().split() == [str(leading.process.pid)]
    assert (following.readiness() or {}).get("scheduler_leader") is False

    leading.process.send_signal(signal.SIGTERM)
    leading.process.wait(timeout=15)
    eventually(following.leads, 10, "the other replica takes the lead")

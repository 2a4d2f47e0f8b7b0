import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry import handler as retry_handler

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.databases import BACKENDS, fresh_database, migrated_database

# Worker processes take seconds to start; tests compute in their own process (test_compute
# covers the pool).
os.environ.setdefault("COMPUTE_PROCESSES", "0")
# Journeys check what people are told, not how few pairs repeat (tests/events measure the
# planner with budgets of their own), so the speed-mentoring search gets a tenth of its default.
os.environ.setdefault("ROTATION_SEARCH_SECONDS", "0.1")

settings.register_profile(
    "rounds", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile("rounds")

ORGANIZER = "U0PD"
# Messages to others wait for the reader's quiet hours, so journeys start on a working morning.
WORKING_MORNING = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own at the head migration, on each backend."""
    with migrated_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own with no tables yet, for migrating from empty."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def rounds() -> Iterator[LocalRounds]:
    """The real app over HTTP on a temporary SQLite database, with a fake Slack."""
    with LocalRounds(clock=FakeClock(WORKING_MORNING), organizers=(ORGANIZER,)) as local:
        local.add_user("U0ANA", "Ana Ruiz", email="ana@hospital.example")
        local.add_user("U0DRKIM", "Grace Kim", email="kim@hospital.example")
        local.add_user(ORGANIZER, "Maya Patel", email="patel@hospital.example")
        yield local
        assert local.fake.block_errors == [], "the app sent Block Kit that Slack would reject"


@pytest.fixture
def retry_waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The Retry-After waits slack_sdk's retry handler asks for, without really sleeping."""
    waits: list[float] = []
    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=waits.append))
    monkeypatch.setattr(retry_handler, "time", SimpleNamespace(sleep=waits.append))
    yield waits

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.reports.sample import seed_program
from storage.db import Database

START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 4, 1, tzinfo=UTC)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def program(database: Database) -> dict[str, int]:
    """The sample program's person ids by Slack user id, seeded from 2026-01-01."""
    return seed_program(database, START)

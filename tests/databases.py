"""Test databases: SQLite always, PostgreSQL too when ROUNDS_TEST_DATABASE_URL is set."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devtools.databases import migrated_postgres, migrated_sqlite, postgres_schema

POSTGRES_URL = os.environ.get("ROUNDS_TEST_DATABASE_URL")
NO_POSTGRES = "set ROUNDS_TEST_DATABASE_URL to a PostgreSQL database to run this on PostgreSQL"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES)],
    ),
]


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a PostgreSQL schema of its own."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'rounds.db'}"
        return
    assert POSTGRES_URL
    with postgres_schema(POSTGRES_URL) as url:
        yield url


@contextmanager
def migrated_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL to a database of its own at the head migration, as `rounds migrate` leaves it."""
    if backend == "sqlite":
        yield f"sqlite:///{migrated_sqlite(tmp_path / 'rounds.db')}"
        return
    assert POSTGRES_URL
    with migrated_postgres(POSTGRES_URL) as url:
        yield url

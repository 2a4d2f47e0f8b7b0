"""Scratch databases for tests and benchmarks: a PostgreSQL schema that is dropped afterwards,
and SQLite files that start at the head migration."""

import atexit
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import Database, normalized_url
from storage.migrate import upgrade


@contextmanager
def postgres_schema(server_url: str, prefix: str = "t") -> Iterator[str]:
    """A URL to an empty schema of its own on ``server_url``, dropped with all it holds."""
    base = normalized_url(server_url)
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def migrated_sqlite(target: Path) -> Path:
    """``target`` made a copy of a SQLite database already at the head migration.

    Migrating from empty costs more than most journeys themselves; the copy is of a file
    migrated once per process, so every journey still starts from a real migrated schema.
    """
    shutil.copyfile(_migrated_template(), target)
    return target


@cache
def _migrated_template() -> Path:
    folder = tempfile.TemporaryDirectory(prefix="rounds-template-")
    atexit.register(folder.cleanup)
    path = Path(folder.name) / "rounds.db"
    database = Database(f"sqlite:///{path}")
    try:
        upgrade(database)
        database.flush_log()
    finally:
        database.dispose()
    return path

"""Scratch databases for tests and benchmarks: a PostgreSQL schema that is dropped afterwards,
and SQLite files and PostgreSQL databases that start at the head migration."""

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


@contextmanager
def migrated_postgres(server_url: str) -> Iterator[str]:
    """A URL to a database of its own on ``server_url``'s server, at the head migration,
    dropped afterwards.

    It is cloned (``CREATE DATABASE ... TEMPLATE``) from a database migrated once per process,
    which costs a fraction of migrating from empty; each process has its own template, so
    processes running side by side never clone one that another is still migrating.
    """
    name = f"rounds_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalized_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            template = _postgres_template(server_url)
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        yield _database_url(server_url, name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _database_url(server_url: str, name: str) -> str:
    return make_url(normalized_url(server_url)).set(database=name).render_as_string(False)


@cache
def _postgres_template(server_url: str) -> str:
    name = f"rounds_template_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalized_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    atexit.register(drop)
    # A template with a connection open cannot be cloned, so the migrating engine goes first.
    database = Database(_database_url(server_url, name))
    try:
        upgrade(database)
    finally:
        database.dispose()
    return name


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

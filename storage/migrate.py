"""Alembic, driven from code: `rounds migrate` and start-up share this."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"
# Their columns are the libraries' own (slack_sdk's SQLAlchemy installation and state stores);
# migrations create the slack_* tables, tests/storage checks them against slack_sdk's.
LIBRARY_TABLES = {"apscheduler_jobs", "slack_bots", "slack_installations", "slack_oauth_states"}
# The advisory lock's first key names Rounds' migrations; the second is the schema's, so
# Rounds instances in different schemas of one server do not wait for each other.
MIGRATION_LOCK_KEY = 0x526F756E  # "Roun"


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Tables that libraries create for themselves stay out of our migrations."""
    return not (type_ == "table" and name in LIBRARY_TABLES)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    with _migrating(database) as config:
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str = "base") -> None:
    with _migrating(database) as config:
        command.downgrade(config, revision)


# Replicas start together and each upgrades first. On PostgreSQL a transaction-scoped
# advisory lock makes the later ones wait, then find the schema at head and do nothing; it goes
# with the transaction, so a replica killed mid-upgrade never leaves it held. SQLite needs
# nothing more: the transaction begins IMMEDIATE (storage.db), taking the file's one write lock
# up front, and its DDL is transactional.
@contextmanager
def _migrating(database: Database) -> Iterator[Config]:
    config = alembic_config(database.url)
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                {"key": MIGRATION_LOCK_KEY},
            )
        config.attributes["connection"] = connection
        yield config


def current_revisions(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def script_heads() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def head_revision() -> str:
    """The one revision every database upgrades to; more than one head is a broken history."""
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head

"""A program report reads in short transactions and computes with none open, so people using
Rounds meanwhile are never held up by it."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

import bot.reports.build
from bot.reports import build_report
from storage.db import Database, is_sqlite
from storage.models import Person
from tests.reports.conftest import END, START

# Far below the app's own busy timeout: a writer this impatient fails if anything holds a lock.
IMPATIENT_SECONDS = 0.2


def write_elsewhere(url: str) -> dict[str, Any]:
    """Rename a person from a connection of its own that gives up after a blink.

    On SQLite it then checkpoints the whole log, which waits for every reader still on an
    older snapshot: it only succeeds when no read transaction is open either."""
    sqlite = is_sqlite(url)
    engine = create_engine(
        url,
        isolation_level="AUTOCOMMIT",
        connect_args={"timeout": IMPATIENT_SECONDS} if sqlite else {},
    )
    try:
        with engine.connect() as connection:
            if not sqlite:
                connection.execute(text(f"SET lock_timeout = '{int(IMPATIENT_SECONDS * 1000)}ms'"))
            renamed = connection.execute(
                text("UPDATE person SET display_name = 'Ana R.' WHERE user_id = 'U0ANA'")
            ).rowcount
            readers_waited_for = (
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar_one()
                if sqlite
                else 0
            )
        return {"renamed": renamed, "checkpoint_busy": readers_waited_for}
    finally:
        engine.dispose()


def while_computing(
    monkeypatch: pytest.MonkeyPatch, step: str, work: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Run ``work`` in another thread while the report's ``step`` computes; its outcome."""
    outcome: dict[str, Any] = {}
    original = getattr(bot.reports.build, step)

    def computing(*args: Any) -> Any:
        def run() -> None:
            try:
                outcome.update(work())
            except Exception as error:
                outcome["error"] = repr(error)

        writer = threading.Thread(target=run)
        writer.start()
        writer.join()
        return original(*args)

    monkeypatch.setattr(bot.reports.build, step, computing)
    return outcome


def test_someone_can_write_while_the_report_computes(
    database: Database, program: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = while_computing(monkeypatch, "_participation", lambda: write_elsewhere(database.url))

    report = build_report(database, START, END)

    assert outcome == {"renamed": 1, "checkpoint_busy": 0}
    assert report.participation.everyone.mentees == 4
    with database.read() as session:
        ana = session.exec(select(Person).where(Person.user_id == "U0ANA")).one()
    assert ana.display_name == "Ana R."

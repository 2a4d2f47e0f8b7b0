"""Where scheduled jobs are kept, and the PostgreSQL lock that elects the replica running them."""

from __future__ import annotations

import contextlib
from datetime import datetime

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from storage.db import SQLITE_BUSY_TIMEOUT_MS, is_sqlite

# libpq settings so a silently dead network path is noticed in seconds rather than hours.
_POSTGRES_CONNECT_ARGS = {
    "connect_timeout": 5,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
}


class JobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """APScheduler's job table in the application database, handing out due jobs of the
    ``first_executor`` before the others: the scheduler's loop submits due jobs one by one,
    each with a store write, so 2,000 due prompts would otherwise hold a round change back
    for as long as the loop takes over them."""

    def __init__(
        self, url: str, *, tablename: str, tableschema: str | None, first_executor: str
    ) -> None:
        # APScheduler's own engine would give up on a locked SQLite file after five seconds.
        options = (
            {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}} if is_sqlite(url) else {}
        )
        super().__init__(
            url=url, tablename=tablename, tableschema=tableschema, engine_options=options
        )
        self._first_executor = first_executor

    def get_due_jobs(self, now: datetime) -> list[Job]:
        due: list[Job] = super().get_due_jobs(now)
        return sorted(due, key=lambda job: job.executor != self._first_executor)

    def create_table(self) -> None:
        """Create the job table unless it exists."""
        try:
            self.jobs_t.create(self.engine, checkfirst=True)
        except SQLAlchemyError:
            # Replicas booting together race to create the table; the loser finds it made.
            self.jobs_t.create(self.engine, checkfirst=True)


class LockConnectionLost(Exception):
    """The connection holding (or trying for) the advisory lock failed; the lock is gone."""


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock on a dedicated connection outside any pool.

    The server releases the lock when the session ends, so a crashed holder loses it as soon
    as its connection drops."""

    def __init__(self, url: str, key: int) -> None:
        self._key = key
        self._engine = create_engine(url, poolclass=NullPool, connect_args=_POSTGRES_CONNECT_ARGS)
        self._connection: Connection | None = None

    def try_acquire(self) -> bool:
        """Take the lock if no one holds it; raises LockConnectionLost."""
        return bool(self._scalar("SELECT pg_try_advisory_lock(:key)", {"key": self._key}))

    def check_held(self) -> None:
        """Ping the connection holding the lock; raises LockConnectionLost."""
        self._scalar("SELECT 1", {})

    def release(self) -> None:
        """End the session, which is what releases a session-level advisory lock."""
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                connection.close()

    def close(self) -> None:
        self.release()
        self._engine.dispose()

    def _scalar(self, sql: str, parameters: dict[str, int]) -> object:
        try:
            if self._connection is None:
                # Autocommit keeps the session idle rather than "idle in transaction".
                self._connection = self._engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                )
            return self._connection.execute(text(sql), parameters).scalar_one()
        except SQLAlchemyError as error:
            self.release()
            raise LockConnectionLost(str(error)) from error

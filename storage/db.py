"""Engines and units of work for SQLite (default) and PostgreSQL."""

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import QueuePool
from sqlmodel import Session as Session

_logger = logging.getLogger(__name__)

# What bot/ may catch when the database itself fails, without importing SQLAlchemy.
DatabaseError = SQLAlchemyError

SQLITE_BUSY_TIMEOUT_MS = 30_000
# Opening a SQLite connection and setting it up costs about a millisecond of CPU, several per
# request; kept open, idle ones cost nothing. Overflow is unbounded so no thread ever waits for
# a connection: SQLite's own lock is what orders writers.
SQLITE_IDLE_CONNECTIONS = 10
# Connections opening a new file at once each switch it to WAL; SQLite answers all but one
# "locked" at once rather than wait (waiting could deadlock), so those try again a moment later.
SQLITE_WAL_ATTEMPTS = 100
SQLITE_WAL_RETRY_SECONDS = 0.01
AFTER_COMMIT = "rounds_after_commit"
READ_ONLY = "rounds_read_only"


def normalized_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return backend_name(url) == "sqlite"


def backend_name(url: str) -> str:
    """The database a URL names ("sqlite", "postgresql", ...); ValueError if it names none."""
    try:
        return make_url(url).get_backend_name()
    except ArgumentError as error:
        raise ValueError(f"{url!r} is not a database URL") from error


def create_database_engine(url: str, **kwargs: Any) -> Engine:
    url = normalized_url(url)
    if not is_sqlite(url):
        engine = create_engine(url, pool_pre_ping=True, **kwargs)
    else:
        file_pool: dict[str, Any] = {
            "poolclass": QueuePool,
            "pool_size": SQLITE_IDLE_CONNECTIONS,
            "max_overflow": -1,
        }
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **(file_pool if ":memory:" not in url else {}),
            **kwargs,
        )
        _configure_sqlite(engine)
    event.listen(engine, "before_cursor_execute", _drop_nul_characters, retval=True)
    return engine


def _without_nul(parameters: Any) -> Any:
    if isinstance(parameters, str):
        return parameters.replace("\x00", "")
    if isinstance(parameters, dict):
        return {key: _without_nul(value) for key, value in parameters.items()}
    if isinstance(parameters, list | tuple):
        return type(parameters)(_without_nul(value) for value in parameters)
    return parameters


def _drop_nul_characters(
    connection: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> tuple[str, Any]:
    # PostgreSQL text cannot hold NUL, and nothing a person types means anything by one;
    # SQLite drops it too, so both keep the same text.
    return statement, _without_nul(parameters)


def _use_wal(cursor: Any) -> None:
    for attempt in range(1, SQLITE_WAL_ATTEMPTS + 1):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == SQLITE_WAL_ATTEMPTS:
                raise
            time.sleep(SQLITE_WAL_RETRY_SECONDS)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun explicitly below, so that writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted and overwritten text is zeroed on its page rather than left in free space,
        # where anyone reading the file could still find it after a forget-me.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY,
        # ignoring busy_timeout; IMMEDIATE waits for the write lock instead.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


class Database:
    """The application database: one engine, and a transaction per user action."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = normalized_url(url)
        self.engine = create_database_engine(self.url, **engine_kwargs)
        self._read_engine = self.engine.execution_options(**{READ_ONLY: True})
        # SQLite lets one writer in at a time, and one kept waiting polls with growing sleeps
        # (up to 100 ms) however soon the lock frees; queueing this process's own writers on
        # a lock wakes the next one the moment the last commits. Other processes still wait
        # on busy_timeout.
        self._writers = threading.RLock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @property
    def is_in_memory(self) -> bool:
        """Whether only this process can reach the database (an in-memory SQLite one)."""
        return self.is_sqlite and make_url(self.url).database in (None, "", ":memory:")

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        Work registered with :func:`after_commit` runs once the commit has succeeded, in the
        caller's thread and outside any transaction; after a rollback it is dropped.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            with self._one_writer(), session.begin():
                session.info[AFTER_COMMIT] = []
                yield session
            _run_after_commit(session.info.pop(AFTER_COMMIT, []))

    @contextmanager
    def _one_writer(self) -> Iterator[None]:
        # Bounded like busy_timeout: a writer that waits on a thread of its own would otherwise
        # hang for ever instead of failing as it did before.
        writers = self._writers
        got = writers is not None and writers.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            yield
        finally:
            if got and writers is not None:
                writers.release()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self._read_engine, expire_on_commit=False) as session, session.begin():
            yield session

    def flush_log(self) -> bool:
        """Copy SQLite's write-ahead log into the database file and empty it, so that text
        just deleted survives in neither; False if readers kept it from finishing in time.

        Only idle connections may stay open meanwhile: this waits (up to the busy timeout)
        for read transactions on older snapshots to end. Other databases have nothing to do.
        """
        if not self.is_sqlite:
            return True
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            # Outside any transaction: a checkpoint cannot run inside one.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _log_pages, _copied = cursor.fetchall()[0]
            cursor.close()
        finally:
            connection.close()
        if busy:
            _logger.warning("The write-ahead log could not be emptied: readers held it")
        return not busy

    def dispose(self) -> None:
        self.engine.dispose()


def after_commit(session: Session, work: Callable[[], None]) -> None:
    """Run ``work`` when the transaction ``session`` belongs to has committed."""
    pending = session.info.get(AFTER_COMMIT)
    if pending is None:
        raise RuntimeError("after_commit needs a session opened by Database.write()")
    pending.append(work)


T = TypeVar("T")


def collect_after_commit(
    session: Session, key: str, item: T, work: Callable[[list[T]], None]
) -> None:
    """Gather ``item`` under ``key``; once committed, ``work`` gets all of them in one call."""
    batches: dict[str, list[Any]] = session.info.setdefault(AFTER_COMMIT + ":batches", {})
    if key not in batches:
        batches[key] = []
        gathered = batches[key]
        after_commit(session, lambda: work(gathered))
    batches[key].append(item)


def _run_after_commit(work: list[Callable[[], None]]) -> None:
    for item in work:
        try:
            item()
        except Exception:
            # The change is committed; what follows it has its own retry path (sweepers).
            _logger.exception("Work after commit failed")

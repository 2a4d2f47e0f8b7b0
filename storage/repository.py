"""The shape every repository shares: a session, opened for one read or one write."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from sqlmodel import Session

from storage.db import Database


class Repository:
    """Queries inside one unit of work; open it with :meth:`reading` or :meth:`writing`."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def session(self) -> Session:
        """The unit of work these queries run in, for what else must join it (outbox, events)."""
        return self._session

    @classmethod
    @contextmanager
    def reading(cls, database: Database) -> Iterator[Self]:
        """A short read transaction; rows stay usable after it ends."""
        with database.read() as session:
            yield cls(session)

    @classmethod
    @contextmanager
    def writing(cls, database: Database) -> Iterator[Self]:
        """One write transaction, committed when the block ends."""
        with database.write() as session:
            yield cls(session)

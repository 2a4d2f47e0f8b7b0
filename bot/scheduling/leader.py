"""Leader election among replicas sharing one database, so exactly one runs scheduled jobs.

PostgreSQL: the leader is the replica holding a session-level advisory lock
(``pg_try_advisory_lock``) on a dedicated connection outside any request pool. Followers try
to take the lock every ``poll_seconds``; the leader pings its connection as often and steps
down as soon as the ping fails. When the leader's process dies or its connection drops, the
server ends the session and releases the lock, so a follower takes over within about one
poll interval.

SQLite: a SQLite file is not shared between machines, so a single replica is assumed and it
is always the leader.
"""

import hashlib
import logging
import threading
from collections.abc import Callable

from storage.db import backend_name
from storage.scheduling import AdvisoryLock, LockConnectionLost

_logger = logging.getLogger(__name__)


def advisory_lock_key(key: int | str) -> int:
    """The signed 64-bit advisory lock key for ``key`` (text is hashed stably)."""
    if isinstance(key, int):
        if not -(2**63) <= key < 2**63:
            raise ValueError("advisory lock keys must fit in a signed 64-bit integer")
        return key
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class LeaderElection:
    """Calls ``on_elected`` when this replica becomes leader and ``on_demoted`` when it stops
    being leader (connection lost, or :meth:`stop`). Callbacks run on the election's thread
    (on SQLite: in :meth:`start` and :meth:`stop`)."""

    def __init__(
        self,
        database_url: str,
        key: int | str,
        *,
        on_elected: Callable[[], None],
        on_demoted: Callable[[], None],
        poll_seconds: float = 5.0,
    ) -> None:
        self._backend = backend_name(database_url)
        if self._backend not in ("postgresql", "sqlite"):
            raise ValueError(f"leader election supports PostgreSQL and SQLite, not {self._backend}")
        self._url = database_url
        self._key = advisory_lock_key(key)
        self._on_elected = on_elected
        self._on_demoted = on_demoted
        self._poll_seconds = poll_seconds
        self._lock: AdvisoryLock | None = None
        self._is_leader = False
        self._became_leader = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_leader(self) -> bool:
        return self._is_leader

    def wait_until_leader(self, timeout: float) -> bool:
        """Block until this replica is leader or ``timeout`` seconds pass; returns is_leader."""
        self._became_leader.wait(timeout)
        return self._is_leader

    def start(self) -> None:
        """Begin campaigning for leadership."""
        if self._thread is not None or (self._backend == "sqlite" and self._is_leader):
            raise RuntimeError("leader election already started")
        self._stopping.clear()
        if self._backend == "sqlite":
            self._set_leader(True)
            return
        self._lock = AdvisoryLock(self._url, self._key)
        self._thread = threading.Thread(
            target=self._campaign, name=f"leader-election-{self._key}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Step down (calling ``on_demoted`` if leader) and release the lock."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._is_leader:
            self._set_leader(False)
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def _campaign(self) -> None:
        while not self._stopping.is_set():
            self._poll_once()
            self._stopping.wait(self._poll_seconds)

    def _poll_once(self) -> None:
        assert self._lock is not None
        try:
            if self._is_leader:
                self._lock.check_held()
            elif self._lock.try_acquire():
                self._set_leader(True)
        except LockConnectionLost as error:
            _logger.warning("Leader election connection failed: %s", error)
            if self._is_leader:
                self._set_leader(False)

    def _set_leader(self, leader: bool) -> None:
        self._is_leader = leader
        if leader:
            self._became_leader.set()
            _logger.info("Elected scheduling leader")
            callback = self._on_elected
        else:
            self._became_leader.clear()
            _logger.info("No longer scheduling leader")
            callback = self._on_demoted
        try:
            callback()
        except Exception:
            _logger.exception("Leadership callback failed")

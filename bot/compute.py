"""CPU-heavy pure computations run in worker processes.

A cohort draft or a program report computes for seconds in pure Python; in a thread of the
app's process it would hold the interpreter lock the HTTP and listener threads need to ack
in time. Work is passed in and returned as plain picklable data.
"""

import logging
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from storage.db import Database

_logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

WORKER_NICENESS = 10
# Imported once in the fork server, so each worker starts with them loaded.
_PRELOADED = (
    "bot.matching.assign_bound",
    "bot.reports.build",
    "bot.reports.charts",
    "matplotlib.figure",
)


class Compute:
    """Runs pure functions in ``processes`` worker processes, or inline when it is 0.

    The pool starts on first use and is started once per ``Compute``; work whose function or
    arguments cannot be pickled, or that finds the pool broken, runs inline instead.
    """

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def start(self, *, wait: bool = False) -> None:
        """Start the worker processes now rather than on first use: that takes seconds."""
        if self.processes == 0:
            return
        started = [self._executor().submit(_ready) for _ in range(self.processes)]
        if wait:
            futures.wait(started)

    def run(self, function: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``function(*args, **kwargs)``, computed in a worker process when there are any."""
        return self._in_worker(function, args, kwargs, lambda: function(*args, **kwargs))

    def with_database(
        self,
        database: Database,
        function: Callable[Concatenate[Database, P], T],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> T:
        """``function(database, *args, **kwargs)``; in a worker process, on that process's own
        connection to the same database, so that loading rows takes no time here either."""

        def inline() -> T:
            return function(database, *args, **kwargs)

        if database.is_in_memory:
            return inline()
        return self._in_worker(_on_database, (database.url, function, *args), kwargs, inline)

    def _in_worker(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        inline: Callable[[], T],
    ) -> T:
        if self.processes == 0:
            return inline()
        try:
            payload = pickle.dumps((function, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            _logger.debug("computing inline, the work cannot be sent to a process: %s", error)
            return inline()
        try:
            return cast(T, self._executor().submit(_call, payload).result())
        except BrokenProcessPool:
            _logger.warning("a compute process died; computing inline and starting a new pool")
            self._discard_pool()
            return inline()

    def shutdown(self) -> None:
        """Stop the worker processes; a later ``run`` starts them again."""
        self._discard_pool()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=_context(), initializer=_yield_to_the_app
                )
            return self._pool

    def _discard_pool(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _context() -> Any:
    # Forking a process with running threads can copy a held lock into the child; the fork
    # server forks from a clean single-threaded process instead (spawn where there is none).
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(_PRELOADED))
    return context


INLINE = Compute(0)
_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def _on_database(url: str, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    with _databases_lock:
        database = _databases.get(url) or _databases.setdefault(url, Database(url))
    return function(database, *args, **kwargs)


def _ready() -> None:
    return None


def _yield_to_the_app() -> None:
    # A draft can wait a second longer; an ack cannot: the app's process gets the CPU first.
    try:
        os.nice(WORKER_NICENESS)
    except OSError:
        _logger.debug("could not lower the compute process's priority")


def _call(payload: bytes) -> object:
    function, args, kwargs = pickle.loads(payload)
    return function(*args, **kwargs)

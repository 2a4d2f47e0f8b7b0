"""The threads Bolt runs listeners on, arranged so that no ack waits behind work after an ack.

A listener acks first and then does its slow work (database writes, Slack calls) on the same
thread. With one pool for both, a burst of slow work behind a database lock would leave a new
request's listener queued, unacked, past Slack's three seconds. So every listener starts on a
thread at once, and only the work after its ack waits for one of ``after_ack`` turns.
"""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from slack_bolt import Ack, App, BoltContext, BoltResponse

P = ParamSpec("P")
T = TypeVar("T")

# Threads beyond the after-ack turns, to reach the ack on: each in-flight HTTP request needs
# at most one, and listeners waiting for a turn hold theirs; idle ones cost nothing.
SPARE_THREADS = 32


class ListenerExecutor(ThreadPoolExecutor):
    """Runs listeners, each on a thread of its own until it acks; at most ``after_ack`` then
    do their work at once. Can tell when every listener has finished."""

    def __init__(self, after_ack: int = 8, spare_threads: int = SPARE_THREADS) -> None:
        super().__init__(max_workers=after_ack + spare_threads, thread_name_prefix="listener")
        self._turns = threading.Semaphore(after_ack)
        self._local = threading.local()
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._pending += 1
        future = super().submit(self._listener, fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def wait_turn(self) -> None:
        """Called once a listener has acked: wait until fewer than ``after_ack`` are working."""
        if getattr(self._local, "listening", False) and not self._local.has_turn:
            self._turns.acquire()
            self._local.has_turn = True

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def _listener(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        self._local.listening, self._local.has_turn = True, False
        try:
            return fn(*args, **kwargs)
        finally:
            if self._local.has_turn:
                self._turns.release()
            self._local.listening, self._local.has_turn = False, False

    def _finished(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()


class TurnTakingAck(Ack):
    """Bolt's ack, after which the listener waits for its turn to go on working."""

    def __init__(self, executor: ListenerExecutor) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._executor = executor

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        response = super().__call__(*args, **kwargs)
        self.wait_turn()
        return response

    def wait_turn(self) -> None:
        self._executor.wait_turn()


def take_turns_after_ack(app: App, executor: ListenerExecutor) -> None:
    """Give every listener an ack that makes its later work wait for a turn."""

    @app.middleware
    def turn_taking_ack(context: BoltContext, next: Callable[[], BoltResponse]) -> BoltResponse:
        context["ack"] = TurnTakingAck(executor)
        return next()


def wait_turn(ack: Ack) -> None:
    """For listeners Bolt acked itself before they started (events): wait for a turn."""
    if isinstance(ack, TurnTakingAck):
        ack.wait_turn()

"""Module-level job targets for the tests: jobs must reference importable functions."""

import threading
import time
from collections.abc import Callable

_lock = threading.Lock()
_calls: list[str] = []


def record(label: str) -> None:
    with _lock:
        _calls.append(label)


def fail(label: str) -> None:
    raise RuntimeError(f"job {label} failed on purpose")


def calls() -> list[str]:
    with _lock:
        return list(_calls)


def reset() -> None:
    with _lock:
        _calls.clear()


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def record_slowly(label: str) -> None:
    time.sleep(0.5)
    record(label)

"""Callables that scheduled jobs may run, registered under stable names.

A persisted job must name its target in a way that survives a restart. Either it names a
module-level function ("package.module:function"), or it names a task registered here at
startup; the job store then holds only the task name and its primitive arguments, and the
callable itself (often a bound method with its services already injected) lives in memory.
"""

import threading
from collections.abc import Callable
from typing import TypeAlias

Primitive: TypeAlias = str | int | float | bool | None
Task: TypeAlias = Callable[..., object]

#: Textual reference of the function every registered-name job really targets.
RUN_REGISTERED_TASK = "bot.scheduling.tasks:run_registered_task"

_registered: dict[str, Task] = {}
_lock = threading.Lock()


def register_task(name: str, task: Task) -> None:
    """Make ``task`` runnable by jobs that name it; registering a name again replaces it."""
    if not name or ":" in name:
        raise ValueError(f"task names must be non-empty and contain no ':', got {name!r}")
    with _lock:
        _registered[name] = task


def unregister_task(name: str) -> None:
    """Forget a registered task; jobs naming it will fail until it is registered again."""
    with _lock:
        _registered.pop(name, None)


def registered_task(name: str) -> Task:
    """The callable registered as ``name``; raises LookupError when there is none."""
    with _lock:
        try:
            return _registered[name]
        except KeyError:
            raise LookupError(f"no task registered as {name!r}") from None


def run_registered_task(name: str, *args: Primitive) -> object:
    """Entry point stored in the job store for registered-name jobs."""
    return registered_task(name)(*args)

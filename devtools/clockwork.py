"""Runs scheduled work on a FakeClock as a scheduling leader would: for the demo and tests."""

from collections.abc import Callable
from datetime import timedelta

from bot.bootstrap import Services
from bot.clock import FakeClock


def run_due(services: Services, settle: Callable[[], None]) -> int:
    """Run scheduled work that is due by the services' clock; `settle` waits for its effects."""
    ran = 0
    while runs := services.scheduler.run_due_jobs(services.clock.now()):
        ran += len(runs)
        settle()
    return ran


def advance(services: Services, delta: timedelta, settle: Callable[[], None]) -> int:
    """Move a FakeClock on, running what falls due on the way in order."""
    clock = services.clock
    assert isinstance(clock, FakeClock), "advance() needs a FakeClock"
    end = clock.now() + delta
    ran = 0
    while (due := services.scheduler.next_run_time()) is not None and due <= end:
        clock.set(max(due, clock.now()))
        ran += run_due(services, settle)
    clock.set(end)
    return ran + run_due(services, settle)

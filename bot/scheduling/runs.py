"""What became of a job's run, and who is told (metrics watch lag and outcomes)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)


class RunOutcome(StrEnum):
    RAN = "ran"
    FAILED = "failed"
    MISSED = "missed"


@dataclass(frozen=True)
class JobRun:
    """One due run handled by :meth:`JobScheduler.run_due_jobs`."""

    job_id: str
    scheduled_for: datetime
    outcome: RunOutcome


class JobObserver(Protocol):
    """Told of every run: how late it started, then how it ended."""

    def job_started(self, lag: timedelta) -> None: ...

    def job_finished(self, outcome: RunOutcome) -> None: ...


_OUTCOME_OF_EVENT = {
    EVENT_JOB_EXECUTED: RunOutcome.RAN,
    EVENT_JOB_ERROR: RunOutcome.FAILED,
    EVENT_JOB_MISSED: RunOutcome.MISSED,
}


class RunObservers:
    """The observers of one scheduler, fed by APScheduler's events or by clock-driven runs."""

    # Submission is when a run leaves the scheduler's loop for a worker: its lag is how late
    # the scheduler was, not how long the job took.
    EVENTS = EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED

    def __init__(self) -> None:
        self._observers: list[JobObserver] = []

    def __bool__(self) -> bool:
        return bool(self._observers)

    def add(self, observer: JobObserver) -> None:
        self._observers.append(observer)

    def on_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_SUBMITTED:
            now = datetime.now(UTC)
            for run_time in event.scheduled_run_times:
                self.started(now - run_time)
        elif event.code in _OUTCOME_OF_EVENT:
            self.finished(_OUTCOME_OF_EVENT[event.code])

    def started(self, lag: timedelta) -> None:
        for observer in self._observers:
            observer.job_started(lag)

    def finished(self, outcome: RunOutcome) -> None:
        for observer in self._observers:
            observer.job_finished(outcome)

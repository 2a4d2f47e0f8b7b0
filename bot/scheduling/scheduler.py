"""Persistent job scheduling on APScheduler 3 with the application's own database as job store.

Every replica opens a :class:`JobScheduler` so it can add and cancel jobs, but only the
elected leader lets it process jobs (see :mod:`bot.scheduling.replica`). Followers start the
APScheduler instance *paused*: a paused APScheduler 3 scheduler writes added, replaced and
removed jobs straight to the shared job store, yet never looks for due jobs, so two replicas
never both run the same job. The leader re-reads the store at least every
``store_poll_seconds`` to notice jobs that followers added.

Tests and the demo drive time themselves: they start the scheduler paused and call
:meth:`JobScheduler.run_due_jobs` with the time of their clock.
"""

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.base import ConflictingIdError, JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING, STATE_STOPPED
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import ref_to_obj

from bot.clock import Clock, SystemClock
from bot.scheduling.runs import JobObserver, JobRun, RunObservers, RunOutcome
from bot.scheduling.tasks import RUN_REGISTERED_TASK, Primitive, registered_task
from storage.scheduling import JobStore

_logger = logging.getLogger(__name__)

DEFAULT_TABLENAME = "apscheduler_jobs"
DEFAULT_MISFIRE_GRACE = timedelta(hours=6)
_PRIMITIVE_TYPES = (str, int, float, bool, type(None))


class JobKind(StrEnum):
    """Which worker pool runs a job, so timed steps never queue behind bulk work."""

    TIMED = "timed"
    # Jobs stored before pools were split name APScheduler's "default" executor; keeping
    # that name for the bulk pool lets them run unchanged.
    BULK = "default"


# Steps someone is waiting for at a given minute: speed-mentoring round changes and a
# mentor's reminder or pass-on. Everything else (prompts, coffee rounds, sweeps) is bulk.
TIMED_JOB_PREFIXES = ("event:", "request:")


def kind_for(job_id: str) -> JobKind:
    """The pool a job runs in when its caller does not say."""
    return JobKind.TIMED if job_id.startswith(TIMED_JOB_PREFIXES) else JobKind.BULK


@dataclass(frozen=True)
class ScheduledJob:
    """A job as stored: its task (registered name or "module:function") and arguments."""

    job_id: str
    task: str
    args: tuple[Primitive, ...]
    next_run_time: datetime | None


class _StorePollingScheduler(BackgroundScheduler):  # type: ignore[misc]
    """Two fixes to APScheduler 3's main loop for a store shared between replicas.

    It sleeps until the next run time it knows of, but other replicas may add earlier jobs,
    so it never sleeps longer than the poll interval. And after ``shutdown()`` its thread
    makes one last pass over the due jobs with its executor already shut down, which removes
    them unrun; a follower shutting down would thus drop jobs the leader was about to run.
    """

    def __init__(self, store_poll_seconds: float, **options: Any) -> None:
        self._store_poll_seconds = store_poll_seconds
        super().__init__(**options)

    def _process_jobs(self) -> float:
        if self.state != STATE_RUNNING:
            return self._store_poll_seconds
        wait_seconds: float | None = super()._process_jobs()
        if wait_seconds is None:
            return self._store_poll_seconds
        return min(wait_seconds, self._store_poll_seconds)


class JobScheduler:
    """Schedules named tasks in the application database and runs them when due.

    Jobs live in table ``tablename`` of the database at ``database_url``. Jobs due
    while no process was running still run after a restart if they are late by less than
    ``misfire_grace_time`` (``None``: however late); a job that fell due several times while
    down runs once (coalescing), and never overlaps itself. Timed jobs and bulk jobs run in
    separate pools of ``timed_workers`` and ``bulk_workers`` threads (see :class:`JobKind`).
    ``clock`` only supplies defaults ("one interval from now"); a processing scheduler always
    runs jobs on the system clock.
    """

    def __init__(
        self,
        database_url: str,
        *,
        tablename: str = DEFAULT_TABLENAME,
        tableschema: str | None = None,
        misfire_grace_time: timedelta | None = DEFAULT_MISFIRE_GRACE,
        timed_workers: int = 2,
        bulk_workers: int = 4,
        store_poll_seconds: float = 5.0,
        clock: Clock | None = None,
    ) -> None:
        self._clock: Clock = clock if clock is not None else SystemClock()
        # Due timed jobs are handed out first, so a round change never waits behind prompts.
        self._store = JobStore(
            database_url,
            tablename=tablename,
            tableschema=tableschema,
            first_executor=JobKind.TIMED.value,
        )
        self._scheduler = _StorePollingScheduler(
            store_poll_seconds,
            jobstores={"default": self._store},
            executors={
                JobKind.TIMED.value: ThreadPoolExecutor(timed_workers),
                JobKind.BULK.value: ThreadPoolExecutor(bulk_workers),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": _grace_seconds(misfire_grace_time),
            },
            timezone=UTC,
        )
        self._tick_lock = threading.Lock()
        self._observers = RunObservers()

    def observe(self, observer: JobObserver) -> None:
        """Report each run's lag and outcome to ``observer``, whichever way jobs run."""
        if not self._observers:
            self._scheduler.add_listener(self._observers.on_event, RunObservers.EVENTS)
        self._observers.add(observer)

    def start(self, *, paused: bool = False) -> None:
        """Connect to the job store (creating its table if needed).

        A paused scheduler can add and cancel jobs but runs none until :meth:`resume`;
        followers and clock-driven tests start paused.
        """
        self._store.create_table()
        self._scheduler.start(paused=paused)

    def resume(self) -> None:
        """Start running due jobs on the system clock (on gaining leadership)."""
        self._scheduler.resume()

    def pause(self) -> None:
        """Stop picking up due jobs (on losing leadership); runs already started finish."""
        if self._scheduler.state != STATE_STOPPED:
            self._scheduler.pause()

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop the scheduler and release the job store's connections; jobs stay stored."""
        if self._scheduler.state != STATE_STOPPED:
            self._scheduler.shutdown(wait=wait)

    @property
    def is_processing(self) -> bool:
        """Whether this scheduler currently runs due jobs on its own."""
        return bool(self._scheduler.state == STATE_RUNNING)

    def schedule_once(
        self,
        job_id: str,
        task: str,
        run_at: datetime,
        args: Sequence[Primitive] = (),
        kind: JobKind | None = None,
    ) -> None:
        """Run ``task(*args)`` once at ``run_at``, replacing any job with the same id.

        ``task`` is a name given to :func:`~bot.scheduling.tasks.register_task` or a textual
        reference "package.module:function" to a module-level function. ``kind`` picks the
        worker pool; by default :func:`kind_for` decides from the job id.
        """
        _require_aware(run_at, "run_at")
        trigger = DateTrigger(run_date=run_at, timezone=UTC)
        self._add(job_id, task, args, trigger, run_at, kind or kind_for(job_id))

    def schedule_interval(
        self,
        job_id: str,
        task: str,
        every: timedelta,
        args: Sequence[Primitive] = (),
        first_run_at: datetime | None = None,
        kind: JobKind | None = None,
    ) -> None:
        """Run ``task(*args)`` every ``every``, first at ``first_run_at`` (default: one
        interval after the scheduler's clock's now), replacing any job with the same id;
        ``kind`` as for :meth:`schedule_once`."""
        if every <= timedelta(0):
            raise ValueError("every must be positive")
        first = first_run_at if first_run_at is not None else self._clock.now() + every
        _require_aware(first, "first_run_at")
        trigger = IntervalTrigger(seconds=every.total_seconds(), start_date=first, timezone=UTC)
        self._add(job_id, task, args, trigger, first, kind or kind_for(job_id))

    def cancel(self, job_id: str) -> bool:
        """Remove a job; returns whether there was one."""
        self._require_started()
        try:
            self._scheduler.remove_job(job_id)
        except JobLookupError:
            return False
        return True

    def jobs(self) -> list[ScheduledJob]:
        """All stored jobs, soonest first."""
        self._require_started()
        return [_describe(job) for job in self._scheduler.get_jobs()]

    def next_run_time(self) -> datetime | None:
        """When the soonest stored job is due, if any; lets a fake clock jump straight there."""
        self._require_started()
        soonest: datetime | None = self._store.get_next_run_time()
        return soonest

    def run_due_jobs(self, now: datetime) -> list[JobRun]:
        """Run, in the calling thread, every job due at ``now`` by the caller's clock.

        Each job's stored next run time is advanced (or the job removed) *before* it runs,
        so a second call with the same ``now`` runs nothing again. Runs later than the
        job's misfire grace time are reported missed instead of run; jobs added by the runs
        themselves wait for the next call. Timed jobs run before bulk ones. Only for a paused
        scheduler, since a processing one keeps its own (system) time.
        """
        _require_aware(now, "now")
        self._require_started()
        if self._scheduler.state != STATE_PAUSED:
            raise RuntimeError("run_due_jobs needs a paused scheduler (start(paused=True))")
        with self._tick_lock:
            runs: list[JobRun] = []
            for job in self._store.get_due_jobs(now):
                runs.extend(self._run_due(job, now))
            return runs

    def _run_due(self, job: Job, now: datetime) -> list[JobRun]:
        run_times = _run_times_until(job, now)
        if not run_times:
            return []
        if job.coalesce:
            run_times = run_times[-1:]
        following = job.trigger.get_next_fire_time(run_times[-1], now)
        try:
            if following is None:
                self._scheduler.remove_job(job.id)
            else:
                self._scheduler.modify_job(job.id, next_run_time=following)
        except JobLookupError:
            return []  # cancelled meanwhile
        runs = []
        for run_time in run_times:
            run = self._run_once(job, run_time, now)
            if run.outcome != RunOutcome.MISSED:
                self._observers.started(now - run_time)
            self._observers.finished(run.outcome)
            runs.append(run)
        return runs

    @staticmethod
    def _run_once(job: Job, run_time: datetime, now: datetime) -> JobRun:
        grace = job.misfire_grace_time
        if grace is not None and now - run_time > timedelta(seconds=grace):
            _logger.warning("Job %s missed its run at %s", job.id, run_time)
            return JobRun(job.id, run_time, RunOutcome.MISSED)
        try:
            job.func(*job.args, **job.kwargs)
        except Exception:
            _logger.exception("Job %s failed", job.id)
            return JobRun(job.id, run_time, RunOutcome.FAILED)
        return JobRun(job.id, run_time, RunOutcome.RAN)

    def _add(
        self,
        job_id: str,
        task: str,
        args: Sequence[Primitive],
        trigger: DateTrigger | IntervalTrigger,
        first_run: datetime,
        kind: JobKind,
    ) -> None:
        self._require_started()
        if not job_id:
            raise ValueError("jobs need an explicit, non-empty id")
        bad = [arg for arg in args if not isinstance(arg, _PRIMITIVE_TYPES)]
        if bad:
            raise TypeError(f"job arguments must be primitives (ids, text, numbers): {bad!r}")
        func_ref, job_args = _target(task, tuple(args))
        for attempt in range(2):
            try:
                self._scheduler.add_job(
                    func_ref,
                    trigger=trigger,
                    args=job_args,
                    id=job_id,
                    name=task,
                    next_run_time=first_run,
                    executor=kind.value,
                    replace_existing=True,
                )
                return
            except ConflictingIdError:
                # Another replica inserted the same id between APScheduler's update and its
                # insert; replacing it now finds the row.
                if attempt:
                    raise

    def _require_started(self) -> None:
        # A stopped APScheduler 3 scheduler would keep added jobs in memory only.
        if self._scheduler.state == STATE_STOPPED:
            raise RuntimeError("start the scheduler (paused is enough) before using its jobs")


def _target(task: str, args: tuple[Primitive, ...]) -> tuple[str, tuple[Primitive, ...]]:
    """What the job store records: a textual function reference and its arguments."""
    if ":" in task:
        if not callable(ref_to_obj(task)):
            raise TypeError(f"{task!r} is not callable")
        return task, args
    registered_task(task)
    return RUN_REGISTERED_TASK, (task, *args)


def _describe(job: Job) -> ScheduledJob:
    args: tuple[Primitive, ...] = tuple(job.args)
    if job.func_ref == RUN_REGISTERED_TASK:
        return ScheduledJob(job.id, str(args[0]), args[1:], job.next_run_time)
    return ScheduledJob(job.id, job.func_ref, args, job.next_run_time)


def _run_times_until(job: Job, now: datetime) -> list[datetime]:
    run_times: list[datetime] = []
    run_time: datetime | None = job.next_run_time
    while run_time is not None and run_time <= now:
        run_times.append(run_time)
        run_time = job.trigger.get_next_fire_time(run_time, now)
    return run_times


def _grace_seconds(grace: timedelta | None) -> int | None:
    if grace is None:
        return None
    seconds = int(grace.total_seconds())
    if seconds < 1:
        raise ValueError("misfire_grace_time must be at least one second (or None)")
    return seconds


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")

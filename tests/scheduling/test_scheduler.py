import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.scheduling import (
    JobRun,
    JobScheduler,
    LeaderElection,
    RunOutcome,
    ScheduledJob,
    SchedulingReplica,
    register_task,
    unregister_task,
)
from tests.scheduling import recorder

RECORD = "tests.scheduling.recorder:record"
FAIL = "tests.scheduling.recorder:fail"
START = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rounds.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def paused(db_url: str) -> Iterator[JobScheduler]:
    scheduler = JobScheduler(db_url)
    scheduler.start(paused=True)
    yield scheduler
    scheduler.shutdown()


def test_job_fires_once_when_due(paused: JobScheduler, clock: FakeClock) -> None:
    paused.schedule_once("nudge:1", RECORD, START + timedelta(hours=1), ["nudge 1"])

    assert paused.run_due_jobs(clock.now()) == []
    clock.advance(timedelta(hours=1))
    runs = paused.run_due_jobs(clock.now())
    again = paused.run_due_jobs(clock.now() + timedelta(minutes=5))

    assert runs == [JobRun("nudge:1", START + timedelta(hours=1), RunOutcome.RAN)]
    assert again == []
    assert recorder.calls() == ["nudge 1"]
    assert paused.jobs() == []


def test_job_survives_restart_and_runs_once_late(db_url: str, clock: FakeClock) -> None:
    before = JobScheduler(db_url)
    before.start(paused=True)
    before.schedule_once("digest:7", RECORD, START + timedelta(minutes=30), ["digest 7"])
    before.shutdown()

    clock.advance(timedelta(hours=3))  # the process was down when the job fell due
    after = JobScheduler(db_url)
    after.start(paused=True)
    runs = [run.outcome for run in after.run_due_jobs(clock.now())]
    runs += [run.outcome for run in after.run_due_jobs(clock.now())]
    after.shutdown()

    assert runs == [RunOutcome.RAN]
    assert recorder.calls() == ["digest 7"]


def test_job_later_than_grace_time_is_missed_not_run(db_url: str, clock: FakeClock) -> None:
    scheduler = JobScheduler(db_url, misfire_grace_time=timedelta(hours=6))
    scheduler.start(paused=True)
    scheduler.schedule_once("stale", RECORD, START, ["stale"])
    clock.advance(timedelta(hours=7))

    runs = scheduler.run_due_jobs(clock.now())
    scheduler.shutdown()

    assert [run.outcome for run in runs] == [RunOutcome.MISSED]
    assert recorder.calls() == []


def test_interval_job_coalesces_missed_runs(paused: JobScheduler, clock: FakeClock) -> None:
    paused.schedule_interval("hourly", RECORD, timedelta(hours=1), ["tick"], first_run_at=START)

    clock.advance(timedelta(hours=4, minutes=30))
    runs = paused.run_due_jobs(clock.now())

    assert runs == [JobRun("hourly", START + timedelta(hours=4), RunOutcome.RAN)]
    assert recorder.calls() == ["tick"]
    assert paused.next_run_time() == START + timedelta(hours=5)


def test_fast_forwarding_a_fake_clock_runs_jobs_in_order(
    paused: JobScheduler, clock: FakeClock
) -> None:
    for hour in (3, 1, 2):
        paused.schedule_once(f"job:{hour}", RECORD, START + timedelta(hours=hour), [str(hour)])

    while (due := paused.next_run_time()) is not None:
        clock.set(due)
        paused.run_due_jobs(clock.now())

    assert recorder.calls() == ["1", "2", "3"]


def test_registered_task_runs_with_injected_dependencies(
    paused: JobScheduler, clock: FakeClock
) -> None:
    delivered: list[int] = []
    register_task("deliver_prompt", delivered.append)
    try:
        paused.schedule_once("prompt:42", "deliver_prompt", START, [42])
        assert paused.jobs() == [ScheduledJob("prompt:42", "deliver_prompt", (42,), START)]
        paused.run_due_jobs(clock.now())
    finally:
        unregister_task("deliver_prompt")

    assert delivered == [42]


def test_rescheduling_an_id_replaces_the_job(paused: JobScheduler, clock: FakeClock) -> None:
    paused.schedule_once("reminder", RECORD, START, ["early"])
    paused.schedule_once("reminder", RECORD, START + timedelta(days=1), ["late"])

    paused.run_due_jobs(clock.now())
    clock.advance(timedelta(days=1))
    paused.run_due_jobs(clock.now())

    assert recorder.calls() == ["late"]


def test_cancelled_job_never_runs(paused: JobScheduler, clock: FakeClock) -> None:
    paused.schedule_once("reminder", RECORD, START, ["cancelled"])

    assert paused.cancel("reminder") is True
    assert paused.cancel("reminder") is False
    assert paused.run_due_jobs(clock.now()) == []


def test_failing_job_does_not_stop_the_others(paused: JobScheduler, clock: FakeClock) -> None:
    paused.schedule_once("a", FAIL, START, ["a"])
    paused.schedule_once("b", RECORD, START + timedelta(seconds=1), ["b"])

    runs = paused.run_due_jobs(clock.now() + timedelta(seconds=1))

    assert [(run.job_id, run.outcome) for run in runs] == [
        ("a", RunOutcome.FAILED),
        ("b", RunOutcome.RAN),
    ]
    assert recorder.calls() == ["b"]


@pytest.mark.parametrize(
    ("task", "args", "error"),
    [
        (RECORD, [object()], TypeError),
        (RECORD, [["nested"]], TypeError),
        ("never_registered", [], LookupError),
        ("tests.scheduling.recorder:missing", [], LookupError),
    ],
)
def test_jobs_that_would_not_survive_a_restart_are_refused(
    paused: JobScheduler, task: str, args: list[object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        paused.schedule_once("bad", task, START, args)  # type: ignore[arg-type]
    assert paused.jobs() == []


def test_scheduler_must_be_started_before_adding_jobs(db_url: str) -> None:
    scheduler = JobScheduler(db_url)
    with pytest.raises(RuntimeError):
        scheduler.schedule_once("x", RECORD, START, ["x"])


def test_naive_times_are_refused(paused: JobScheduler) -> None:
    with pytest.raises(ValueError):
        paused.schedule_once("x", RECORD, datetime(2025, 1, 1), ["x"])


def test_running_scheduler_fires_due_job_once_on_the_system_clock(db_url: str) -> None:
    scheduler = JobScheduler(db_url, store_poll_seconds=0.1)
    scheduler.start()
    try:
        scheduler.schedule_once("soon", RECORD, datetime.now(UTC) + timedelta(seconds=0.2), ["s"])
        assert recorder.wait_for(lambda: recorder.calls() == ["s"], timeout=3)
        time.sleep(0.3)
    finally:
        scheduler.shutdown()
    assert recorder.calls() == ["s"]


def test_job_due_while_down_runs_after_restart_on_the_system_clock(db_url: str) -> None:
    before = JobScheduler(db_url)
    before.start(paused=True)
    before.schedule_once("late", RECORD, datetime.now(UTC) + timedelta(seconds=0.1), ["late"])
    before.shutdown()
    time.sleep(0.3)

    after = JobScheduler(db_url, store_poll_seconds=0.1)
    after.start()
    try:
        assert recorder.wait_for(lambda: recorder.calls() == ["late"], timeout=3)
        time.sleep(0.3)
    finally:
        after.shutdown()
    assert recorder.calls() == ["late"]


def test_sqlite_replica_is_always_leader(db_url: str) -> None:
    events: list[str] = []
    election = LeaderElection(
        db_url,
        "k",
        on_elected=lambda: events.append("up"),
        on_demoted=lambda: events.append("down"),
    )
    election.start()
    assert election.is_leader
    election.stop()
    assert events == ["up", "down"]
    assert not election.is_leader


def test_sqlite_replica_runs_jobs(db_url: str) -> None:
    replica = SchedulingReplica(db_url, poll_seconds=0.1)
    replica.start()
    try:
        assert replica.is_leader
        replica.scheduler.schedule_once("r", RECORD, datetime.now(UTC), ["r"])
        assert recorder.wait_for(lambda: recorder.calls() == ["r"], timeout=3)
    finally:
        replica.stop()


def test_follower_shutting_down_leaves_due_jobs_for_the_leader(db_url: str) -> None:
    due = datetime.now(UTC) - timedelta(seconds=1)
    follower = JobScheduler(db_url)
    follower.start(paused=True)
    follower.schedule_interval("hourly", RECORD, timedelta(hours=1), ["h"], first_run_at=due)
    follower.shutdown()

    leader = JobScheduler(db_url)
    leader.start(paused=True)
    try:
        assert leader.next_run_time() == due
    finally:
        leader.shutdown()
    assert recorder.calls() == []


def test_interval_defaults_to_one_interval_after_the_schedulers_clock(
    db_url: str, clock: FakeClock
) -> None:
    scheduler = JobScheduler(db_url, clock=clock)
    scheduler.start(paused=True)
    try:
        scheduler.schedule_interval("daily", RECORD, timedelta(days=1), ["d"])
        assert scheduler.next_run_time() == START + timedelta(days=1)
    finally:
        scheduler.shutdown()

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.scheduling import JobKind, JobScheduler, kind_for
from tests.scheduling import recorder

RECORD = "tests.scheduling.recorder:record"
SLOW = "tests.scheduling.recorder:record_slowly"


def test_round_changes_and_reminders_are_timed_and_prompts_bulk() -> None:
    assert kind_for("event:3:round:2:start") is JobKind.TIMED
    assert kind_for("request:9:remind") is JobKind.TIMED
    assert kind_for("prompt:41") is JobKind.BULK
    assert kind_for("coffee:1:round") is JobKind.BULK


def test_round_change_runs_while_bulk_prompts_fill_their_pool(tmp_path: Path) -> None:
    recorder.reset()
    scheduler = JobScheduler(
        f"sqlite:///{tmp_path / 'rounds.db'}",
        timed_workers=1,
        bulk_workers=1,
        store_poll_seconds=0.1,
    )
    scheduler.start()
    try:
        now = datetime.now(UTC)
        for number in range(6):
            scheduler.schedule_once(f"prompt:{number}", SLOW, now, (f"prompt {number}",))
        scheduler.schedule_once(
            "event:1:round:2:start", RECORD, now + timedelta(seconds=0.2), ("round 2",)
        )
        assert recorder.wait_for(lambda: "round 2" in recorder.calls(), timeout=3)
        assert len(recorder.calls()) < 3
    finally:
        scheduler.shutdown()


def test_a_fake_clock_tick_runs_timed_jobs_before_bulk_ones(tmp_path: Path) -> None:
    recorder.reset()
    scheduler = JobScheduler(f"sqlite:///{tmp_path / 'rounds.db'}")
    scheduler.start(paused=True)
    try:
        due = datetime(2025, 9, 1, 8, 0, tzinfo=UTC)
        scheduler.schedule_once("prompt:1", RECORD, due, ("prompt",))
        scheduler.schedule_once("event:1:round:2:start", RECORD, due, ("round",))
        scheduler.run_due_jobs(due)
        assert recorder.calls() == ["round", "prompt"]
    finally:
        scheduler.shutdown()

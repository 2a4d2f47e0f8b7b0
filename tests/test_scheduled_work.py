from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.scheduling import register_task
from devtools.slack.harness import LocalRounds

START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def test_scheduled_work_runs_once_when_its_time_comes() -> None:
    ran: list[tuple[str, datetime]] = []
    clock = FakeClock(START)
    with LocalRounds(clock=clock) as rounds:
        register_task("test.remember", lambda label: ran.append((label, clock.now())))
        rounds.services.scheduler.schedule_once(
            "test:1", "test.remember", START + timedelta(hours=2), ("hello",)
        )

        rounds.advance(timedelta(hours=1))
        assert ran == []
        rounds.advance(timedelta(hours=3))
        rounds.advance(timedelta(hours=3))

    assert ran == [("hello", START + timedelta(hours=2))]

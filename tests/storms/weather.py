"""A storm in the fake Slack: every message call fails for 30 seconds, then the sky clears."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds

STORM = timedelta(seconds=30)
# Long enough for the outbox's backoff to bring back whatever the storm held.
CLEARING = timedelta(minutes=30)


@contextmanager
def weather(
    rounds: LocalRounds, status: int, clearing: timedelta = CLEARING
) -> Iterator[FakeClock]:
    """Slack answers ``status`` to every message call for STORM, then the outbox catches up."""
    clock = rounds.services.clock
    assert isinstance(clock, FakeClock), "storms run on a FakeClock"
    ends = clock.now() + STORM
    rounds.fake.storm(status, lambda: clock.now() < ends, retry_after=5)
    yield clock
    rounds.advance(ends - clock.now())
    rounds.advance(clearing)

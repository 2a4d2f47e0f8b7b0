from collections.abc import Iterator

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.meetings.feeds import FeedServer, feed_server
from tests.mentoring.conftest import MONDAY_MORNING, ORGANIZER, populate


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def journey(clock: FakeClock, database_url: str) -> Iterator[LocalRounds]:
    """The real Slack app on SQLite, and on PostgreSQL when one is given."""
    with LocalRounds(
        database_url, clock=clock, organizers=(ORGANIZER,), CALENDAR_FEED_TIMEOUT_SECONDS=0.3
    ) as rounds:
        populate(rounds)
        yield rounds
        assert rounds.fake.block_errors == []

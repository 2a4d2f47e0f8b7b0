from collections.abc import Iterator

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.checkins.helpers import MONDAY_MORNING

ORGANIZER = "U0PD"
USERS = (
    ("U0ANA", "Ana Ruiz", "America/New_York"),
    ("U0DRKIM", "Grace Kim", "America/New_York"),
    ("U0BEN", "Ben Okafor", "America/Chicago"),
    (ORGANIZER, "Maya Patel", "America/New_York"),
)


def add_users(rounds: LocalRounds) -> LocalRounds:
    for user_id, name, tz in USERS:
        rounds.add_user(user_id, name, tz)
    return rounds


@pytest.fixture
def rounds() -> Iterator[LocalRounds]:
    """The real app on a FakeClock that starts on a Monday morning in New York."""
    with LocalRounds(clock=FakeClock(MONDAY_MORNING), organizers=(ORGANIZER,)) as local:
        yield add_users(local)
        assert local.fake.block_errors == [], "the app sent Block Kit that Slack would reject"

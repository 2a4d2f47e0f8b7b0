"""A coffee round that runs in a 30-second storm of 429s or of 500s from Slack."""

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from storage.coffee import CoffeeRepository
from storage.prompts import PromptRepository
from tests.coffee_slack.test_coffee_in_slack import (
    MEMBERS,
    MONDAY,
    NAMES,
    ORGANIZER,
    RESIDENTS,
    introductions,
    set_up,
)
from tests.storms.weather import weather

# The round set up below runs on Wednesday at 09:00 in New York.
ROUND_AT = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", [429, 500])
def test_every_group_is_introduced_once_and_nobody_is_left_out(
    status: int, retry_waits: list[float]
) -> None:
    with LocalRounds(clock=FakeClock(MONDAY), organizers=(ORGANIZER,)) as rounds:
        for user_id, name in NAMES.items():
            rounds.add_user(user_id, name)
        rounds.fake.channel_members[RESIDENTS] = [*MEMBERS, "UROUNDSBOT"]
        set_up(rounds)
        rounds.advance(ROUND_AT - timedelta(seconds=5) - rounds.services.clock.now())

        with weather(rounds, status):
            rounds.advance(timedelta(seconds=10))
            assert introductions(rounds) == [], "the storm holds every introduction back"

        intros = [text.split("To get you started")[0] for text in introductions(rounds)]
        introduced = sorted(NAMES[m] for m in MEMBERS for intro in intros if NAMES[m] in intro)
        assert introduced == sorted(NAMES[m] for m in MEMBERS)
        with rounds.services.database.read() as session:
            groups = CoffeeRepository(session).groups(1)
            states = PromptRepository(session).counts()
        delivered = [c.args["channel"] for c in rounds.fake.calls_to("chat.postMessage")]
        assert groups and all(delivered.count(group.conversation_id) == 1 for group in groups)
        assert "failed" not in states
        assert sum(rounds.fake.stormed.values()) > 0
        assert rounds.fake.block_errors == []

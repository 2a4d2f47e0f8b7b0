from datetime import timedelta

from devtools.slack.harness import LocalRounds
from tests.coffee_slack.test_coffee_in_slack import (
    ORGANIZER,
    RESIDENTS,
    introductions,
    last_response,
    rounds,
    set_up,
)

__all__ = ["rounds"]


def test_a_refused_run_now_says_when_the_next_round_may_run(rounds: LocalRounds) -> None:
    set_up(rounds)
    rounds.command(ORGANIZER, "/coffee", "run-now", channel_id=RESIDENTS)
    rounds.advance(timedelta(minutes=20))

    rounds.command(ORGANIZER, "/coffee", "run-now", channel_id=RESIDENTS)

    refused = last_response(rounds)
    assert "Round 1 ran at" in refused
    assert "Another can run from" in refused and "10:00" in refused
    assert "introduced twice" in refused
    assert len(introductions(rounds)) == 2

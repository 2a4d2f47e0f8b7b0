"""A speed-mentoring round that starts in a 30-second storm of 429s or of 500s from Slack."""

from datetime import timedelta

import pytest

from tests.events_live.support import (
    EXPERTS,
    MENTEES,
    START,
    channel_posts,
    created_event,
    direct_messages,
    local_rounds,
)
from tests.storms.weather import weather

EVERYONE = {*MENTEES, *(user for user, *_ in EXPERTS)}


@pytest.mark.parametrize("status", [429, 500])
def test_every_seat_arrives_once_within_a_minute_of_the_storm(
    status: int, retry_waits: list[float]
) -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.services.events.publish(event_id)
        rounds.advance(START + timedelta(hours=1, seconds=-5) - rounds.services.clock.now())

        with weather(rounds, status, clearing=timedelta(minutes=1)):
            rounds.advance(timedelta(seconds=10))
            assert direct_messages(rounds) == {}, "the storm holds every seat back"

        seats = direct_messages(rounds)
        assert set(seats) == EVERYONE
        assert all(len(messages) == 1 for messages in seats.values())
        assert all("Round 1 of 3" in messages[0] for messages in seats.values())
        assert sum("Round 1 of 3" in post for post in channel_posts(rounds)) == 1
        assert sum(rounds.fake.stormed.values()) > 0

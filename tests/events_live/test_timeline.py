from datetime import timedelta

from tests.events_live.support import (
    EXPERTS,
    MENTEES,
    channel_posts,
    created_event,
    direct_messages,
    local_rounds,
)


def test_each_round_start_sends_every_participant_a_dm_and_the_channel_one_post() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.services.events.publish(event_id)

        rounds.advance(timedelta(minutes=59))
        assert direct_messages(rounds) == {}

        rounds.advance(timedelta(minutes=1))
        dms = direct_messages(rounds)
        assert set(dms) == set(MENTEES) | {user for user, *_ in EXPERTS}
        assert all(len(messages) == 1 for messages in dms.values())
        assert "Round 1 of 3 — table" in dms[MENTEES[0]][0]
        posts = channel_posts(rounds)
        assert len(posts) == 1 and "Round 1 of 3" in posts[0]

        rounds.advance(timedelta(minutes=8))
        assert "2 minutes left" in channel_posts(rounds)[-1]
        rounds.advance(timedelta(minutes=2))
        assert "Change tables: round 2 starts at 10:12" in channel_posts(rounds)[-1]
        rounds.advance(timedelta(minutes=2))
        assert all(len(m) == 2 for m in direct_messages(rounds).values())
        assert "Round 2 of 3" in direct_messages(rounds)[MENTEES[0]][1]

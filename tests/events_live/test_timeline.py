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


def test_pause_holds_the_clock_and_resume_keeps_the_time_that_was_left() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=65))
        events.pause(event_id)

        rounds.advance(timedelta(minutes=30))
        assert not any("left" in post for post in channel_posts(rounds))

        events.resume(event_id)
        rounds.advance(timedelta(minutes=2, seconds=59))
        assert not any("left" in post for post in channel_posts(rounds))
        rounds.advance(timedelta(seconds=1))
        assert "2 minutes left" in channel_posts(rounds)[-1]


def test_extend_moves_the_warning_and_the_end_of_the_round() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=61))
        events.extend(event_id, 5)

        rounds.advance(timedelta(minutes=9))
        assert not any("over" in post for post in channel_posts(rounds))
        rounds.advance(timedelta(minutes=5))
        assert "Round 1 of Career night is over" in channel_posts(rounds)[-1]
        assert sum("left" in post for post in channel_posts(rounds)) == 1


def test_skip_drops_the_next_round_and_the_one_after_takes_its_slot() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=61))
        events.skip(event_id)

        rounds.advance(timedelta(minutes=11))
        dms = direct_messages(rounds)
        assert "Round 3 of 3" in dms[MENTEES[0]][-1]
        assert not any("Round 2 of 3" in m for messages in dms.values() for m in messages)


def test_the_last_round_ends_the_event_with_a_feedback_form_for_each_participant() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(hours=2))

        assert "Career night is over" in channel_posts(rounds)[-1]
        dms = direct_messages(rounds)
        assert all("Give feedback" in messages[-1] for messages in dms.values())
        assert "Ask Dr." in dms[MENTEES[0]][-1]
        assert all(len(messages) == 4 for messages in dms.values())
        assert rounds.services.events.summary(event_id).status == "ended"


def test_start_now_begins_the_first_round_early_and_the_planned_start_sends_nothing_more() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        events.start_now(event_id)
        assert len(direct_messages(rounds)[MENTEES[0]]) == 1

        rounds.advance(timedelta(minutes=12))
        assert len(direct_messages(rounds)[MENTEES[0]]) == 2
        assert "Round 2 of 3" in direct_messages(rounds)[MENTEES[0]][-1]

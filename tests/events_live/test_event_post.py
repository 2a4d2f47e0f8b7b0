"""What the event steps count on from EventPost: one outbox row per message, sent once."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.events import messages as text
from bot.events.live import START_TASK, EventKind
from bot.events.live.dispatch import Effects, Outgoing
from devtools.slack.harness import LocalRounds
from storage.events import EventRepository
from storage.models import Prompt
from tests.events_live.support import (
    CHANNEL,
    EXPERTS,
    MENTEES,
    channel_posts,
    created_event,
    direct_messages,
    local_rounds,
)

EVERYONE = {*MENTEES, *(user for user, *_ in EXPERTS)}


def post(rounds: LocalRounds, event_id: int, *items: Outgoing) -> None:
    with EventRepository.writing(rounds.services.database) as store:
        rounds.services.events.context.post.apply(store, event_id, Effects(send=list(items)))


def notice() -> Outgoing:
    return Outgoing.channel(0, "notice", CHANNEL, text.channel_notice("Coffee is in room 4."))


def seat_rows(rounds: LocalRounds) -> list[tuple[str, str]]:
    with rounds.services.database.read() as session:
        rows = session.exec(select(Prompt).where(Prompt.kind == EventKind.SEAT)).all()
        return [(row.status, row.urgency) for row in rows]


def test_a_message_posted_twice_reaches_the_channel_once() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)

        post(rounds, event_id, notice())
        post(rounds, event_id, notice())

        assert [p for p in channel_posts(rounds) if "room 4" in p] == ["Coffee is in room 4."]


def test_a_message_slack_refused_is_not_sent_later_each_goes_out_at_most_once() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.fake.fail("chat.postMessage", "channel_not_found")

        post(rounds, event_id, notice())
        post(rounds, event_id, notice())
        rounds.advance(timedelta(hours=3))

        assert not [p for p in channel_posts(rounds) if "room 4" in p]


def test_a_step_that_fails_after_posting_sends_nothing() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)

        database = rounds.services.database
        with pytest.raises(RuntimeError), EventRepository.writing(database) as store:
            rounds.services.events.context.post.apply(store, event_id, Effects(send=[notice()]))
            raise RuntimeError("the step's change did not commit")
        rounds.advance(timedelta(hours=3))

        assert not [p for p in channel_posts(rounds) if "room 4" in p]


def test_a_rounds_seats_survive_slack_answering_429_and_each_person_gets_one(
    retry_waits: list[float],
) -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.services.events.publish(event_id)
        rounds.fake.rate_limit("chat.postMessage", retry_after=5, times=40)

        rounds.advance(timedelta(hours=1))
        delayed = EVERYONE - set(direct_messages(rounds))
        rounds.advance(timedelta(minutes=5))

        assert delayed, "the storm should have held some seats back"
        dms = direct_messages(rounds)
        assert set(dms) == EVERYONE
        assert all(len(messages) == 1 for messages in dms.values())
        assert all("Round 1 of 3" in messages[0] for messages in dms.values())
        assert sum("Round 1 of 3" in p for p in channel_posts(rounds)) == 1
        assert seat_rows(rounds) == [("sent", "now")] * len(EVERYONE)
        assert retry_waits and min(retry_waits) >= 5


def test_a_round_start_job_run_again_sends_nothing_twice() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds)
        rounds.services.events.publish(event_id)
        rounds.advance(timedelta(hours=1))
        before = direct_messages(rounds), channel_posts(rounds)

        rounds.services.tasks[START_TASK](event_id, 1)
        rounds.services.events.round_start(event_id, 1)
        rounds.advance(timedelta(minutes=1))

        assert (direct_messages(rounds), channel_posts(rounds)) == before
        assert set(before[0]) == EVERYONE
        assert all(len(messages) == 1 for messages in before[0].values())


def test_feedback_forms_wait_for_the_morning_but_the_wrap_up_does_not() -> None:
    late_evening = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # 20:30 in New York
    with local_rounds(now=late_evening) as rounds:
        events = rounds.services.events
        event_id = created_event(rounds, rounds=1)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=1))
        seats = direct_messages(rounds)
        rounds.advance(timedelta(minutes=10))

        assert set(seats) == EVERYONE
        assert "is over" in channel_posts(rounds)[-1]
        assert direct_messages(rounds) == seats
        rounds.advance(timedelta(hours=12))
        later = {user: dms[1:] for user, dms in direct_messages(rounds).items()}
        assert all(len(dms) == 1 and "Thank you for coming" in dms[0] for dms in later.values())

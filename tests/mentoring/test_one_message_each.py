"""Each step tells each person once, and messages that no longer apply say what happened."""

from datetime import timedelta

from devtools.slack.fake_api import Call
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.journey import (
    ask,
    button,
    dm_texts,
    last_dm,
    names,
    press,
    replies_to_presses,
)

GOAL = "help with fellowship applications in peds cards"


def decline(rounds: LocalRounds, mentor: str, offer: str) -> None:
    rounds.slack.submit_view(
        mentor,
        "decline_request",
        {
            "reason": {"reason": {"value": ""}},
            "unavailable_until": {"unavailable_until": {"selected_date": None}},
        },
        private_metadata=f"{offer}:D0000001:1.0",
    )
    rounds.settle()


def test_pressing_best_match_answers_in_place_without_a_second_message(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", GOAL)
    before = dm_texts(journey, "U0ANA")

    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")

    assert "Your request was sent to @Grace Kim" in replies_to_presses(journey)[-1]
    assert dm_texts(journey, "U0ANA") == before


def test_submitting_a_request_shows_the_suggestions_once(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)

    texts = dm_texts(journey, "U0ANA")
    assert len(texts) == 1 and "Mentors who fit your request" in texts[0]


def test_a_decline_tells_the_mentee_once_what_happened_and_what_is_next(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    before = len(dm_texts(journey, "U0ANA"))

    decline(journey, "U0KIM", button(last_dm(journey, "U0KIM"), "nudge.decline"))

    new = dm_texts(journey, "U0ANA")[before:]
    assert len(new) == 1
    assert "@Grace Kim can't take this on right now" in new[0]
    assert "Your request was sent to @Sam Lee" in new[0]


def test_a_timed_out_mentor_is_passed_over_in_one_message_to_the_mentee(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    journey.advance(timedelta(hours=49))
    before = len(dm_texts(journey, "U0ANA"))

    journey.advance(timedelta(hours=24))

    new = dm_texts(journey, "U0ANA")[before:]
    assert len(new) == 1
    assert "@Grace Kim hasn't been able to answer in time" in new[0]
    assert "Your request was sent to @Sam Lee" in new[0]


def test_when_the_last_mentor_declines_the_mentee_hears_once(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    # Only Dr. Kim and Dr. Lee fit this request (Dr. Ortiz shares nothing with it).
    decline(journey, "U0KIM", button(last_dm(journey, "U0KIM"), "nudge.decline"))
    before = len(dm_texts(journey, "U0ANA"))

    decline(journey, "U0LEE", button(last_dm(journey, "U0LEE"), "nudge.decline"))

    new = dm_texts(journey, "U0ANA")[before:]
    assert len(new) == 1
    assert "@Sam Lee can't take this on right now" in new[0]
    assert "The program organizers have been told" in new[0]


def buttons(call: Call) -> list[str]:
    return [e.get("action_id") for b in call.args.get("blocks", []) for e in b.get("elements", [])]


def now_reads(rounds: LocalRounds, posted: Call) -> str:
    return call_text(rounds.fake.as_now(posted), names(rounds))


def test_a_declined_nudge_no_longer_offers_its_buttons(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    nudge = last_dm(journey, "U0KIM")

    decline(journey, "U0KIM", button(nudge, "nudge.decline"))

    assert "nudge.accept" not in buttons(journey.fake.as_now(nudge))
    assert "We passed the request on" in now_reads(journey, nudge)


def test_after_a_time_out_the_nudge_and_its_reminder_say_it_moved_on(
    journey: LocalRounds,
) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    journey.advance(timedelta(hours=49))
    nudge, reminder = journey.fake.direct_messages("U0KIM")

    journey.advance(timedelta(hours=24))

    for stale in (nudge, reminder):
        assert buttons(journey.fake.as_now(stale)) == []
        assert "we passed this request to another mentor" in now_reads(journey, stale)


def test_accepting_from_the_reminder_closes_the_first_nudge_too(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    journey.advance(timedelta(hours=49))
    nudge, reminder = journey.fake.direct_messages("U0KIM")

    press(journey, "U0KIM", reminder, "nudge.accept")

    assert buttons(journey.fake.as_now(nudge)) == []
    assert "You accepted @Ana Ruiz's request" in now_reads(journey, nudge)


def test_a_withdrawn_request_leaves_no_live_buttons_with_the_mentor(journey: LocalRounds) -> None:
    ask(journey, "U0ANA", GOAL)
    suggestions = last_dm(journey, "U0ANA")
    press(journey, "U0ANA", suggestions, "request.best")
    nudge = last_dm(journey, "U0KIM")

    press(journey, "U0ANA", suggestions, "request.cancel")

    assert buttons(journey.fake.as_now(nudge)) == []
    assert "withdrew their request" in now_reads(journey, nudge)

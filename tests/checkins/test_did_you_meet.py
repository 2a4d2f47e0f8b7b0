from sqlmodel import select

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Feedback
from tests.checkins.helpers import MENTEE, MENTOR, days, dms, introduce, prompt_ids


def test_both_sides_are_asked_once_when_the_time_comes(rounds: LocalRounds) -> None:
    introduce(rounds)

    rounds.advance(days(3))
    assert dms(rounds, MENTEE) == [] and dms(rounds, MENTOR) == []

    rounds.advance(days(2))
    rounds.advance(days(7))

    (to_mentee,) = dms(rounds, MENTEE)
    (to_mentor,) = dms(rounds, MENTOR)
    assert "Did you meet @U0DRKIM?" in to_mentee
    assert "Did you meet @U0ANA?" in to_mentor
    assert "[Yes, we met] [Not yet, remind me in 3 days] [It won't happen]" in to_mentee


def test_yes_opens_a_confidential_form_that_is_kept_once(rounds: LocalRounds) -> None:
    introduce(rounds)
    rounds.advance(days(4))
    (prompt_id,) = prompt_ids(rounds, MENTEE, "did_you_meet")

    rounds.slack.click(MENTEE, "prompt_yes", str(prompt_id), channel_id="D1")
    rounds.settle()

    (opened,) = rounds.fake.calls_to("views.open")
    assert opened.args["view"]["callback_id"] == "checkins_feedback"
    assert "no one sees your individual rating" in str(opened.args["view"])
    metadata = opened.args["view"]["private_metadata"]
    values = {
        "usefulness": {"value": {"selected_option": {"value": "5"}}},
        "again": {"value": {"selected_option": {"value": "yes"}}},
        "comment": {"value": {"value": "Very kind and practical."}},
    }
    first = rounds.slack.submit_view(MENTEE, "checkins_feedback", values, metadata)
    again = rounds.slack.submit_view(MENTEE, "checkins_feedback", values, metadata)

    assert "Thank you! Your feedback is confidential." in str(first.json())
    assert "already shared" in str(again.json())
    with rounds.services.database.read() as session:
        (kept,) = session.exec(select(Feedback)).all()
    assert (kept.role, kept.usefulness, kept.would_meet_again) == ("mentee", 5, True)


def test_the_form_asks_again_for_a_missing_rating(rounds: LocalRounds) -> None:
    introduce(rounds)
    rounds.advance(days(4))
    (prompt_id,) = prompt_ids(rounds, MENTOR, "did_you_meet")
    rounds.slack.click(MENTOR, "prompt_yes", str(prompt_id))
    rounds.settle()
    metadata = rounds.fake.calls_to("views.open")[-1].args["view"]["private_metadata"]

    answer = rounds.slack.submit_view(MENTOR, "checkins_feedback", {}, metadata)

    assert answer.json()["response_action"] == "errors"
    assert set(answer.json()["errors"]) == {"usefulness", "again"}


def test_not_yet_asks_again_three_days_later_and_wont_stops(rounds: LocalRounds) -> None:
    relationship_id = introduce(rounds)
    rounds.advance(days(4))
    (mentee_prompt,) = prompt_ids(rounds, MENTEE, "did_you_meet")
    (mentor_prompt,) = prompt_ids(rounds, MENTOR, "did_you_meet")

    rounds.slack.click(MENTEE, "prompt_not_yet", str(mentee_prompt))
    rounds.slack.click(MENTOR, "prompt_wont", str(mentor_prompt))
    rounds.settle()
    rounds.advance(days(2))
    assert len(dms(rounds, MENTEE)) == 1
    rounds.advance(days(2))

    assert len(dms(rounds, MENTEE)) == 2 and len(dms(rounds, MENTOR)) == 1
    reminder = prompt_ids(rounds, MENTEE, "did_you_meet")[-1]
    rounds.slack.click(MENTEE, "prompt_yes", str(reminder))
    rounds.settle()
    answers = rounds.services.checkins.did_you_meet_answers("relationship", [relationship_id])
    assert answers == {relationship_id: {"yes": 1, "wont": 1}}


def test_a_button_is_for_its_person_and_a_second_press_changes_nothing(
    rounds: LocalRounds,
) -> None:
    introduce(rounds)
    rounds.advance(days(4))
    (prompt_id,) = prompt_ids(rounds, MENTEE, "did_you_meet")

    rounds.slack.click(MENTOR, "prompt_wont", str(prompt_id))
    rounds.settle()
    rounds.slack.click(MENTEE, "prompt_wont", str(prompt_id))
    rounds.settle()
    rounds.slack.click(MENTEE, "prompt_not_yet", str(prompt_id))
    rounds.settle()
    rounds.advance(days(7))

    replies = [str(call.args) for call in rounds.fake.calls_to("response_url")]
    assert "This button is for <@U0ANA>" in replies[0] and "'ephemeral'" in replies[0]
    assert "I won't ask about this one again" in replies[1]
    assert "You already answered: it won't happen. Nothing changed." in replies[2]
    assert len(dms(rounds, MENTEE)) == 1


def test_once_feedback_is_given_the_question_no_longer_offers_the_form(
    rounds: LocalRounds,
) -> None:
    introduce(rounds)
    rounds.advance(days(4))
    (prompt_id,) = prompt_ids(rounds, MENTEE, "did_you_meet")
    (question,) = rounds.fake.direct_messages(MENTEE)
    rounds.slack.click(MENTEE, "prompt_yes", str(prompt_id), channel_id="D1")
    rounds.settle()
    metadata = rounds.fake.calls_to("views.open")[-1].args["view"]["private_metadata"]
    values = {
        "usefulness": {"value": {"selected_option": {"value": "4"}}},
        "again": {"value": {"selected_option": {"value": "yes"}}},
    }

    rounds.slack.submit_view(MENTEE, "checkins_feedback", values, metadata)
    rounds.settle()

    now = rounds.fake.as_now(question)
    assert now is not question
    assert "Thank you! Your feedback is confidential." in call_text(now)
    assert not [b for b in now.args["blocks"] if b["type"] == "actions"]

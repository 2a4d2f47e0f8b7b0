"""Check-ins and goals in Teams: the feedback form as a card, and the `goals` command."""

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from devtools.teams.harness import LocalTeams, find_action
from devtools.teams.textview import card_text
from storage.models import Feedback
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney

GOAL = "help with fellowship applications in peds cards"
COMMENT = "Very kind and practical about my personal statement."


@pytest.fixture
def introduced(teams: LocalTeams) -> LocalTeams:
    """Ana and Dr. Kim, introduced in Teams for a one-off chat, five days ago."""
    journey = TeamsJourney(teams)
    populate(journey)
    journey.ask("ana", GOAL)
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")
    teams.advance(timedelta(days=5))
    return teams


def did_you_meet(teams: LocalTeams, key: str) -> dict[str, Any]:
    return next(c for c in reversed(teams.cards(key)) if "Did you meet" in card_text(c))


def inputs_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in card["body"] if str(e.get("type", "")).startswith("Input.")}


def kept_feedback(teams: LocalTeams) -> list[Feedback]:
    with teams.services.database.read() as session:
        return list(session.exec(select(Feedback)).all())


def test_both_say_yes_and_send_the_confidential_form(introduced: LocalTeams) -> None:
    sent_before = len(introduced.connector.posted)

    for key, usefulness in (("ana", "5"), ("kim", "4")):
        form = introduced.press(key, did_you_meet(introduced, key), "prompt_yes")["value"]
        fields = inputs_of(form)
        assert [c["value"] for c in fields["usefulness"]["choices"]] == ["1", "2", "3", "4", "5"]
        assert fields["again"]["isRequired"] and not fields["comment"]["isRequired"]
        assert "no one sees your individual rating" in card_text(form)
        answers = {"usefulness": usefulness, "again": "yes", "comment": COMMENT}

        thanks = introduced.press(key, form, "checkins.feedback", answers)
        again = introduced.press(key, form, "checkins.feedback", answers)

        assert card_text(thanks["value"]) == "Thank you! Your feedback is confidential."
        assert again["value"] == "You already shared your feedback. Thank you!"

    kept = sorted((f.role, f.usefulness, f.would_meet_again) for f in kept_feedback(introduced))
    assert kept == [("mentee", 5, True), ("mentor", 4, True)]
    # Feedback goes to no one: once the prompts were out, each person's own question was only
    # rewritten in place to say their feedback is in.
    later = introduced.connector.posted[sent_before:]
    assert [(p.kind, p.conversation_id) for p in later] == [
        ("update", "a:personal-ana"),
        ("update", "a:personal-kim"),
    ]
    assert all("Your feedback is confidential" in str(p.activity) for p in later)


def test_the_form_names_the_other_person_and_asks_again_for_a_missing_rating(
    introduced: LocalTeams,
) -> None:
    form = introduced.press("kim", did_you_meet(introduced, "kim"), "prompt_yes")["value"]
    assert "About your conversation with @Ana Ruiz." in card_text(form)

    retry = introduced.press("kim", form, "checkins.feedback", {"again": "no"})["value"]

    assert "Pick how useful it was, from 1 to 5." in card_text(retry)
    assert inputs_of(retry)["again"]["value"] == "no"
    assert kept_feedback(introduced) == []


def test_a_second_yes_reopens_the_form_until_it_is_sent(introduced: LocalTeams) -> None:
    prompt = did_you_meet(introduced, "ana")
    first = introduced.press("ana", prompt, "prompt_yes")["value"]
    second = introduced.press("ana", prompt, "prompt_yes")["value"]
    assert (
        find_action(first, "checkins.feedback")["data"]
        == find_action(second, "checkins.feedback")["data"]
    )

    introduced.press("ana", second, "checkins.feedback", {"usefulness": "3", "again": "no"})
    last = introduced.press("ana", prompt, "prompt_yes")

    assert last["value"] == "You already shared your feedback. Thank you!"
    assert len(kept_feedback(introduced)) == 1


def test_someone_else_cannot_send_a_persons_feedback(introduced: LocalTeams) -> None:
    form = introduced.press("ana", did_you_meet(introduced, "ana"), "prompt_yes")["value"]

    answer = introduced.press("lee", form, "checkins.feedback", {"usefulness": "1", "again": "no"})

    assert answer["value"] == "This button is for @Ana Ruiz."
    assert kept_feedback(introduced) == []


def test_an_ongoing_check_in_opens_the_form_from_share_how_its_going(teams: LocalTeams) -> None:
    journey = TeamsJourney(teams)
    populate(journey)
    journey.ask("ana", GOAL, "ongoing")
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")

    teams.advance(timedelta(weeks=2, hours=1))

    assert "How is mentoring with @Grace Kim going?" in teams.texts("ana")[-1]
    form = teams.press("ana", teams.last_card("ana"), "prompt_feedback")["value"]
    teams.press("ana", form, "checkins.feedback", {"usefulness": "4", "again": "yes"})
    (kept,) = kept_feedback(teams)
    assert (kept.role, kept.usefulness, kept.comment) == ("mentee", 4, None)


def goals_of(teams: LocalTeams, key: str) -> list[tuple[str, str]]:
    return [(g.text, g.status) for g in teams.services.goals.list(teams.users[key].ref)]


def test_goals_add_then_list_update_and_done(teams: LocalTeams) -> None:
    populate(TeamsJourney(teams))

    teams.say("ana", "goals add Submit my QI abstract")
    added = card_text(teams.last_card("ana"))
    assert "Your goals" in added and "• Submit my QI abstract" in added

    teams.say("ana", "mentor goals")
    listing = teams.last_card("ana")
    assert "• Submit my QI abstract\n[Done] [Update]" in card_text(listing)

    form = teams.press("ana", listing, "goal_update")["value"]
    assert inputs_of(form)["text"]["value"] == "Submit my QI abstract"
    saved = teams.press("ana", form, "goal.save", {"text": "Submit my QI poster"})["value"]
    assert "• Submit my QI poster" in card_text(saved)

    done = teams.press("ana", saved, "goal_done")["value"]
    assert "• Submit my QI poster (done)" in card_text(done)
    assert goals_of(teams, "ana") == [("Submit my QI poster", "done")]


def test_the_add_form_says_what_to_fix_and_others_cannot_touch_a_goal(teams: LocalTeams) -> None:
    populate(TeamsJourney(teams))
    teams.say("ana", "goals add")
    form = teams.last_card("ana")
    assert set(inputs_of(form)) == {"text", "target_date"}
    yesterday = (teams.services.clock.now() - timedelta(days=1)).date().isoformat()

    retry = teams.press("ana", form, "goal.save", {"text": "Publish", "target_date": yesterday})
    assert "Pick a target date from today on" in card_text(retry["value"])
    assert inputs_of(retry["value"])["text"]["value"] == "Publish"
    saved = teams.press("ana", retry["value"], "goal.save", {"text": "Publish", "target_date": ""})
    assert "• Publish" in card_text(saved["value"])

    refused = teams.press("lee", saved["value"], "goal_done")
    assert refused["value"] == "That goal is not one of yours."
    assert goals_of(teams, "ana") == [("Publish", "open")]

    teams.say("ana", "goals frobnicate")
    assert "To add a goal, type goals add followed by the goal." in teams.texts("ana")[-1]


def test_help_in_teams_lists_goals(teams: LocalTeams) -> None:
    populate(TeamsJourney(teams))
    teams.say("ana", "help")
    assert "mentor goals — list, add and complete your goals" in teams.texts("ana")[-1]


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and "\x00" not in t))
def test_a_goal_is_shown_as_typed(teams: LocalTeams, text: str) -> None:
    teams.add_user("ana", "Ana Ruiz")
    teams.say("ana", "goals add")

    saved = teams.press("ana", teams.last_card("ana"), "goal.save", {"text": text})

    assert text.strip() in card_text(saved["value"])

"""Mentoring that lasts in Teams: the agreement card, the development plan and mentor
practice, each a form opened from a card and sent back through the real agent."""

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from devtools.teams.harness import LocalTeams, actions_in
from devtools.teams.textview import card_text
from storage.models import Prompt, Relationship
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney, begin_ongoing, jump

GOAL = "help with fellowship applications in peds cards"


@pytest.fixture
def journey(teams: LocalTeams) -> Iterator[TeamsJourney]:
    played = TeamsJourney(teams)
    populate(played)
    yield played


def mentoring_begins(journey: TeamsJourney) -> None:
    begin_ongoing(journey, GOAL)
    journey.local.run_due()


def newest_with(journey: TeamsJourney, key: str, action_id: str) -> dict[str, Any]:
    return next(
        card
        for card in reversed(journey.local.cards(key))
        if any(a.get("verb") == action_id for a in actions_in([card]))
    )


def open_form(journey: TeamsJourney, key: str, action_id: str) -> dict[str, Any]:
    """Press ``action_id`` on the newest card that has it; the form card that answers."""
    answer = journey.local.press(key, newest_with(journey, key, action_id), action_id)
    card: dict[str, Any] = answer["value"]
    assert isinstance(card, dict), answer
    return card


def send_form(
    journey: TeamsJourney, key: str, form: dict[str, Any], action_id: str, inputs: dict[str, str]
) -> str:
    answer = journey.local.press(key, form, action_id, inputs)
    value = answer["value"]
    return card_text(value) if isinstance(value, dict) else str(value)


def agree(journey: TeamsJourney, key: str, inputs: dict[str, str]) -> str:
    form = open_form(journey, key, "agreement.open")
    return send_form(journey, key, form, "agreement.submit", inputs)


TERMS = {
    "cadence": "4",
    "first_goals": "Choose three fellowship programs\nDraft my statement",
    "confidential": "yes",
}


def test_an_ongoing_pair_agree_in_one_card_each_in_teams(journey: TeamsJourney) -> None:
    mentoring_begins(journey)

    refused = agree(journey, "ana", {**TERMS, "confidential": ""})
    assert "An agreement needs you both to keep it confidential" in refused
    assert "is asked to agree too" in agree(journey, "ana", TERMS)
    journey.local.run_due()
    form = open_form(journey, "kim", "agreement.open")
    assert "Choose three fellowship programs" in json.dumps(form)
    shown = send_form(journey, "kim", form, "agreement.submit", TERMS)
    journey.local.run_due()

    assert "You both agreed" in shown
    for person in ("ana", "kim"):
        agreed = [text for text in journey.texts(person) if "You both agreed" in text]
        assert len(agreed) == 1 and "every 4 weeks" in agreed[0]
    services = journey.local.services
    kept = [goal.text for goal in services.goals.list(journey.ref("ana"))]
    assert kept == ["Choose three fellowship programs", "Draft my statement"]
    with services.database.read() as session:
        assert session.exec(select(Relationship)).one().checkin_every_weeks == 4


def test_only_the_person_asked_can_open_their_agreement(journey: TeamsJourney) -> None:
    mentoring_begins(journey)

    card = newest_with(journey, "ana", "agreement.open")
    answer = journey.local.press("lee", card, "agreement.open")

    assert "This was for @Ana Ruiz" in str(answer["value"])


def test_half_a_year_in_the_mentee_writes_a_plan_in_teams_and_the_mentor_gets_it(
    journey: TeamsJourney, clock: FakeClock
) -> None:
    mentoring_begins(journey)
    jump(journey, timedelta(days=183))

    assert any("Your development plan" in text for text in journey.texts("ana"))
    form = open_form(journey, "ana", "plan.open")
    assert "CanMEDS: Scholar" in json.dumps(form)
    by = (clock.now() + timedelta(days=60)).date().isoformat()
    shown = send_form(
        journey,
        "ana",
        form,
        "plan.submit",
        {
            "self_assessment": "3",
            "goal1": "Submit my first abstract",
            "goal1_by": by,
            "area": "CanMEDS: Scholar",
        },
    )
    journey.local.run_due()

    assert "Your plan is saved" in shown
    review = journey.texts("kim")[-1]
    assert "A development plan to review" in review
    assert "3 of 5" in review and "Submit my first abstract" in review
    goals = [goal.text for goal in journey.local.services.goals.list(journey.ref("ana"))]
    assert "Submit my first abstract (CanMEDS: Scholar)" in goals


def test_mentors_practise_in_teams_and_nothing_they_write_is_kept(journey: TeamsJourney) -> None:
    services = journey.local.services
    services.practice.run_monthly()
    journey.local.run_due()

    assert any("A two-minute practice (optional)" in t for t in journey.texts("kim"))
    assert not any("two-minute practice" in t for t in journey.texts("ana"))
    form = open_form(journey, "kim", "practice.try")
    assert "Think of your last mentoring conversation" in card_text(form)
    written = "I interrupted Ana twice; next time I will wait"
    shown = send_form(journey, "kim", form, "practice.submit", {"answer": written})
    stopped = journey.press("lee", "practice.stop")

    assert "Nice work" in shown
    assert "no more practices" in stopped
    with services.database.read() as session:
        kept = json.dumps([p.model_dump(mode="json") for p in session.exec(select(Prompt))])
    assert "interrupted" not in kept

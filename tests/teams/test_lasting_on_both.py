"""Mentoring that lasts, played on Slack and on Teams alike."""

import json
from datetime import timedelta
from typing import Any

from bot.assessment import EvaluativeRole, RoleMarking
from bot.reports import build_report, report_html
from devtools.slack.textview import blocks_text
from devtools.teams.harness import LocalTeams
from devtools.teams.textview import card_text
from tests.lasting.slack_steps import answer_survey as answer_survey_in_slack
from tests.lasting.slack_steps import ask_with
from tests.teams.platforms import (
    Journey,
    SlackJourney,
    TeamsJourney,
    begin_ongoing,
    jump,
    services_of,
)

GOAL = "help with fellowship applications in peds cards"


def ask_for(
    journey: Journey, key: str, goal: str, role: str = "", *, sensitive: bool = False
) -> None:
    if isinstance(journey, SlackJourney):
        ask_with(journey.local, journey.user_id(key), goal, role=role or None, sensitive=sensitive)
    else:
        assert isinstance(journey, TeamsJourney)
        local: LocalTeams = journey.local
        local.say(key, "mentor")
        inputs = {
            "goal": goal,
            "format": "one_off",
            "role": role,
            "sensitive": "yes" if sensitive else "no",
        }
        local.press(key, local.last_card(key), "request.submit", inputs)


def team_view(journey: Journey, key: str) -> str:
    if isinstance(journey, SlackJourney):
        answer = journey.local.command(journey.user_id(key), "/mentor", "team")
        names = {u.user_id: u.real_name for u in journey.local.fake.users.values()}
        return blocks_text(answer.json()["blocks"], names)
    assert isinstance(journey, TeamsJourney)
    journey.local.say(key, "mentor team")
    return card_text(journey.local.last_card(key))


def ask_for_missing(journey: Journey, key: str, role: str) -> dict[str, Any]:
    """Press the team view's one-click ask for ``role``; returns the form that opens."""
    if isinstance(journey, SlackJourney):
        journey.local.slack.click(journey.user_id(key), "team.ask", role)
        journey.local.settle()
        view: dict[str, Any] = journey.local.fake.calls_to("views.open")[-1].args["view"]
        if isinstance(view, str):
            view = json.loads(view)
        return view
    assert isinstance(journey, TeamsJourney)
    local = journey.local
    journey.local.say(key, "mentor team")
    answer = local.press(key, local.last_card(key), "team.ask", value=role)
    card: dict[str, Any] = answer["value"]
    return card


def preset_role(form: dict[str, Any]) -> str | None:
    """The kind of mentor already chosen on a /mentor form, on either platform."""
    for block in form.get("blocks", []):
        if block.get("block_id") == "role":
            option = block["element"].get("initial_option")
            return str(option["value"]) if option else None
    for element in _walk(form):
        if element.get("id") == "role":
            return str(element.get("value")) if element.get("value") else None
    raise AssertionError("the form has no role input")


def _walk(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _walk(value)
    elif isinstance(node, list):
        for value in node:
            found += _walk(value)
    return found


def test_a_mentee_sees_a_gap_in_their_team_and_asks_for_it_in_one_click(
    journey: Journey,
) -> None:
    ask_for(journey, "ana", GOAL, "career")
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")

    team = team_view(journey, "ana")

    assert "Your mentoring team" in team
    assert "Career: @Grace Kim" in team
    assert "No mentor yet for: research, clinical skills, wellbeing" in team
    assert "Ask for a research mentor" in team
    form = ask_for_missing(journey, "ana", "research")
    assert preset_role(form) == "research"


def test_a_not_a_fit_closes_kindly_for_both_and_suggests_other_mentors(
    journey: Journey,
) -> None:
    begin_ongoing(journey, GOAL)

    jump(journey, timedelta(days=15))

    for person in ("ana", "kim"):
        assert any("How is the fit?" in text for text in journey.texts(person))
    seen = journey.press("ana", "fit.not_a_fit")
    journey.advance(timedelta(minutes=1))

    assert "The mentoring is closed" in seen
    to_mentor = journey.texts("kim")[-1]
    assert "Your mentoring with @Ana Ruiz has come to a close" in to_mentor
    assert "Thank you for the time and care" in to_mentor
    assert "not a fit" not in to_mentor.lower()
    to_mentee = journey.texts("ana")
    closed = next(i for i, t in enumerate(to_mentee) if "has come to a close" in t)
    again = "\n".join(to_mentee[closed + 1 :])
    assert "Mentors who fit your request" in again or "organizers" in again
    assert "@Grace Kim" not in again
    late = journey.press("kim", "fit.good_fit")
    assert "This question has closed" in late


def test_a_good_fit_keeps_the_mentoring_and_organizers_see_only_counts(
    journey: Journey,
) -> None:
    begin_ongoing(journey, GOAL)
    jump(journey, timedelta(days=15))

    journey.press("ana", "fit.good_fit")
    journey.press("kim", "fit.not_sure")

    services = services_of(journey)
    assert services.requests.active_relationships(journey.ref("ana"))
    now = services.clock.now()
    since, until = now - timedelta(days=30), now + timedelta(days=1)
    page = report_html(build_report(services.database, since, until), [])
    assert "Fit checks: good fit · not sure · not a fit" in page
    assert "fewer than 5 answers" in page
    assert "Not sure" not in page


def answer_survey(journey: Journey, key: str, action_id: str, answers: dict[str, str]) -> str:
    """Press Answer on the newest survey and send ``answers``; returns what the person sees."""
    if isinstance(journey, SlackJourney):
        view = answer_survey_in_slack(journey.local, journey.user_id(key), action_id, answers)
        return blocks_text(view["blocks"])
    assert isinstance(journey, TeamsJourney)
    local_teams = journey.local
    card = next(c for c in reversed(local_teams.cards(key)) if action_id in json.dumps(c))
    result = local_teams.press(key, card, action_id, answers)
    value = result["value"]
    return card_text(value) if isinstance(value, dict) else str(value)


def test_the_one_month_survey_is_asked_kept_private_and_reported_only_from_five_people(
    journey: Journey,
) -> None:
    begin_ongoing(journey, GOAL)

    jump(journey, timedelta(days=31))

    assert any("Your 1-month survey" in text for text in journey.texts("ana"))
    assert any("Your 1-month survey" in text for text in journey.texts("kim"))
    seen = answer_survey(journey, "ana", "survey.mentee", {"usefulness": "4", "goal_progress": "5"})
    answer_survey(journey, "kim", "survey.mentor", {"satisfaction": "5", "load": "2"})

    assert "Your answers are saved, in confidence" in seen
    assert not any("usefulness" in text.lower() for text in journey.texts("kim"))
    services = services_of(journey)
    now = services.clock.now()
    report = build_report(services.database, now - timedelta(days=40), now + timedelta(days=1))
    page = report_html(report, [])
    assert "1-month survey, " in page
    assert "fewer than 5 people answered" in page
    assert "usefulness 4.0" not in page


def test_a_sensitive_request_reaches_no_evaluator_and_shows_only_as_a_count(
    journey: Journey,
) -> None:
    services = services_of(journey)
    ana = journey.ref("ana")
    services.evaluative_roles.mark(
        journey.ref("kim"),
        RoleMarking((EvaluativeRole.CURRENT_SUPERVISOR,), supervises=(ana.user_id,)),
    )
    before = {key: len(journey.texts(key)) for key in ("kim", "lee")}

    ask_for(journey, "ana", GOAL + " and a hard month on the wards", sensitive=True)
    suggestions = journey.texts("ana")[-1]
    journey.press("ana", "request.best")

    assert "@Sam Lee" in suggestions and "Grace Kim" not in suggestions
    assert journey.texts("kim")[before["kim"] :] == []
    offer = "\n".join(journey.texts("lee")[before["lee"] :])
    assert "A mentoring request" in offer and "@Ana Ruiz" in offer
    now = services.clock.now()
    report = build_report(services.database, now - timedelta(days=1), now + timedelta(days=1))
    page = report_html(report, [])
    assert "<td>Sensitive requests (counted only)</td><td>1</td>" in page
    assert "hard month" not in page

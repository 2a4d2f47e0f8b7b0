"""Mentoring apart from assessment, through the real Slack app."""

import json
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from bot.reports import build_report, report_html
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Prompt, Relationship
from tests.lasting.slack_steps import ask_with, mark_evaluator
from tests.mentoring.conftest import MONDAY_MORNING, ORGANIZER
from tests.mentoring.journey import (
    button,
    decline_by_form,
    dm_texts,
    last_dm,
    names,
    press,
    ref,
)

GOAL = "fellowship applications in pediatric cardiology"


def test_an_organizer_marks_a_program_director_who_is_then_never_suggested(
    journey: LocalRounds,
) -> None:
    saved = mark_evaluator(journey, ORGANIZER, "U0KIM", ("program_director",))
    assert "Program director" in str(saved) and "The whole program" in str(saved)

    ask_with(journey, "U0ANA", GOAL)

    suggestions = call_text(last_dm(journey, "U0ANA"), names(journey))
    assert "Sam Lee" in suggestions
    assert "Grace Kim" not in suggestions


def test_evaluative_roles_are_for_organizers_only(journey: LocalRounds) -> None:
    answer = journey.command("U0ANA", "/mentor", "evaluators")

    assert "set by the program organizers" in str(answer.json())
    assert journey.fake.calls_to("views.open") == []


def test_a_sensitive_request_reaches_no_evaluator_and_is_only_counted(
    journey: LocalRounds,
) -> None:
    mark_evaluator(journey, ORGANIZER, "U0KIM", ("current_supervisor",), supervises=("U0ANA",))
    ask_with(journey, "U0ANA", GOAL + " and a hard month on the wards", sensitive=True)
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    for mentor in ("U0LEE", "U0ORT"):
        if journey.fake.direct_messages(mentor):
            decline_by_form(journey, mentor, last_dm(journey, mentor))

    assert journey.fake.direct_messages("U0KIM") == []
    alert = dm_texts(journey, ORGANIZER)[-1]
    assert "A request needs a person" in alert
    assert "hard month" not in alert and "Marked sensitive" in alert
    report = build_report(
        journey.services.database,
        MONDAY_MORNING - timedelta(days=1),
        MONDAY_MORNING + timedelta(days=7),
    )
    page = report_html(report, [])
    assert "Sensitive requests (counted only)" in page
    assert "hard month" not in page
    assert report.requests.created == 0


def test_a_sensitive_request_prefers_mentors_outside_the_mentee_department(
    journey: LocalRounds,
) -> None:
    from bot.profiles import ProfileForm

    for user_id in ("U0ANA", "U0KIM"):
        form = journey.services.profiles.load(ref(user_id))
        journey.services.profiles.save(
            ref(user_id), ProfileForm(**{**form.__dict__, "department": "Pediatrics"})
        )

    ask_with(journey, "U0ANA", GOAL, sensitive=True)

    suggestions = call_text(last_dm(journey, "U0ANA"), names(journey))
    assert suggestions.index("Sam Lee") < suggestions.index("Grace Kim")
    assert button(last_dm(journey, "U0ANA"), "request.best")


def test_the_app_home_shows_the_team_and_the_report_shows_coverage_by_role(
    journey: LocalRounds,
) -> None:
    ask_with(journey, "U0ANA", GOAL, role="research")
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    mentor = next(m for m in ("U0KIM", "U0LEE", "U0ORT") if journey.fake.direct_messages(m))
    press(journey, mentor, last_dm(journey, mentor), "nudge.accept")

    journey.open_home("U0ANA")

    home = journey.fake.calls_to("views.publish")[-1]
    text = call_text(home, names(journey))
    assert "Your mentoring team" in text and "Research: @" in text
    assert "Ask for a career mentor" in text
    report = build_report(
        journey.services.database,
        MONDAY_MORNING - timedelta(days=1),
        MONDAY_MORNING + timedelta(days=7),
    )
    page = report_html(report, [])
    assert "Mentees with a research mentor" in page and "1 of 1" in page


def open_agreement(journey: LocalRounds, user_id: str) -> tuple[str, dict[str, Any]]:
    call = next(
        c
        for c in reversed(journey.fake.direct_messages(user_id))
        if "agreement.open" in json.dumps(c.args.get("blocks", []))
    )
    prompt_id = button(call, "agreement.open")
    press(journey, user_id, call, "agreement.open")
    view = journey.fake.calls_to("views.open")[-1].args["view"]
    return prompt_id, json.loads(view) if isinstance(view, str) else view


def agree(journey: LocalRounds, user_id: str, prompt_id: str, goals: str, weeks: str) -> str:
    """Submit the agreement form; what its modal then says."""
    answer = journey.slack.submit_view(
        user_id,
        "mentoring_agreement",
        {
            "cadence": {"cadence": {"selected_option": {"value": weeks}}},
            "first_goals": {"first_goals": {"value": goals}},
            "confidential": {"confidential": {"selected_options": [{"value": "yes"}]}},
        },
        private_metadata=prompt_id,
    )
    journey.settle()
    return json.dumps(answer.json())


def test_an_ongoing_pair_agree_in_one_card_and_it_sets_cadence_and_goals(
    journey: LocalRounds,
) -> None:
    start_ongoing_with_kim(journey)
    journey.run_due()

    prompt_id, _ = open_agreement(journey, "U0ANA")
    goals = "Choose three fellowship programs\nDraft my statement"
    assert "is asked to agree too" in agree(journey, "U0ANA", prompt_id, goals, "4")
    journey.run_due()
    kim_prompt, form = open_agreement(journey, "U0KIM")
    assert "Choose three fellowship programs" in json.dumps(form)
    assert "You both agreed" in agree(journey, "U0KIM", kim_prompt, goals, "4")
    journey.run_due()

    for person in ("U0ANA", "U0KIM"):
        agreed = [text for text in dm_texts(journey, person) if "You both agreed" in text]
        assert len(agreed) == 1 and "every 4 weeks" in agreed[0]
    kept = [g.text for g in journey.services.goals.list(ref("U0ANA"))]
    assert kept == ["Choose three fellowship programs", "Draft my statement"]
    with journey.services.database.read() as session:
        relationship = session.exec(select(Relationship)).one()
        assert relationship.checkin_every_weeks == 4


def test_mentors_get_an_optional_monthly_practice_whose_answer_is_never_kept(
    journey: LocalRounds,
) -> None:
    journey.services.practice.run_monthly()
    journey.run_due()

    practice = last_dm(journey, "U0KIM")
    assert "A two-minute practice (optional)" in call_text(practice, names(journey))
    assert not any("two-minute practice" in t for t in dm_texts(journey, "U0ANA"))
    press(journey, "U0KIM", practice, "practice.try")
    view = journey.fake.calls_to("views.open")[-1].args["view"]
    assert "Think of your last mentoring conversation" in json.dumps(view)
    prompt_id = button(practice, "practice.try")
    answer = journey.slack.submit_view(
        "U0KIM",
        "mentor_practice",
        {"answer": {"answer": {"value": "I interrupted Ana twice; next time I will wait"}}},
        private_metadata=prompt_id,
    )
    journey.settle()
    assert "Nice work" in json.dumps(answer.json())
    press(journey, "U0LEE", last_dm(journey, "U0LEE"), "practice.stop")

    with journey.services.database.read() as session:
        kept = json.dumps([p.model_dump(mode="json") for p in session.exec(select(Prompt))])
    assert "interrupted" not in kept
    journey.advance(timedelta(days=32))
    assert sum("two-minute practice" in t for t in dm_texts(journey, "U0KIM")) == 2
    assert sum("two-minute practice" in t for t in dm_texts(journey, "U0LEE")) == 1


def test_half_a_year_in_the_mentee_writes_a_plan_their_mentor_reviews(
    journey: LocalRounds,
) -> None:
    start_ongoing_with_kim(journey)

    # Half a year in one step: the outbox's sweep delivers what fell due meanwhile.
    journey.services.clock.set(journey.services.clock.now() + timedelta(days=183))
    journey.advance(timedelta(hours=3))

    call = next(
        c
        for c in reversed(journey.fake.direct_messages("U0ANA"))
        if "plan.open" in json.dumps(c.args.get("blocks", []))
    )
    assert "Your development plan" in call_text(call, names(journey))
    press(journey, "U0ANA", call, "plan.open")
    by = (journey.services.clock.now() + timedelta(days=60)).date().isoformat()
    answer = journey.slack.submit_view(
        "U0ANA",
        "development_plan",
        {
            "self_assessment": {"self_assessment": {"selected_option": {"value": "3"}}},
            "goal1": {"goal1": {"value": "Submit my first abstract"}},
            "goal1_by": {"goal1_by": {"selected_date": by}},
            "area": {"area": {"selected_option": {"value": "CanMEDS: Scholar"}}},
        },
        private_metadata=button(call, "plan.open"),
    )
    journey.settle()
    journey.run_due()

    assert "Your plan is saved" in json.dumps(answer.json())
    review = dm_texts(journey, "U0KIM")[-1]
    assert "A development plan to review" in review
    assert "3 of 5" in review and "Submit my first abstract" in review
    goals = [(g.text, g.target_date) for g in journey.services.goals.list(ref("U0ANA"))]
    assert ("Submit my first abstract (CanMEDS: Scholar)", date.fromisoformat(by)) in goals


def test_a_plan_left_unanswered_is_asked_again_half_a_year_later_once(
    journey: LocalRounds,
) -> None:
    start_ongoing_with_kim(journey)

    def plans_asked() -> int:
        return sum(
            "plan.open" in json.dumps(c.args.get("blocks", []))
            for c in journey.fake.direct_messages("U0ANA")
        )

    for expected in (1, 2):
        journey.services.clock.set(journey.services.clock.now() + timedelta(days=183))
        journey.advance(timedelta(hours=3))
        assert plans_asked() == expected


def start_ongoing_with_kim(journey: LocalRounds) -> None:
    ask_with(journey, "U0ANA", GOAL, format="ongoing")
    press(journey, "U0ANA", last_dm(journey, "U0ANA"), "request.best")
    press(journey, "U0KIM", last_dm(journey, "U0KIM"), "nudge.accept")

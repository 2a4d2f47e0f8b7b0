"""Mentoring apart from assessment, through the real Slack app."""

from datetime import timedelta

from bot.reports import build_report, report_html
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.lasting.slack_steps import ask_with, mark_evaluator
from tests.mentoring.conftest import MONDAY_MORNING, ORGANIZER
from tests.mentoring.journey import button, decline_by_form, dm_texts, last_dm, names, press

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
    from tests.mentoring.journey import ref

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

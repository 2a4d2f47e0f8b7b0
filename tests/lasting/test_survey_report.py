"""The 1-month survey, answered in Slack, and its figures in the HTML file `rounds report`
writes: averages only where five or more people answered, per question and per group."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.career import CareerStage
from bot.clock import FakeClock
from bot.domain import Introduced
from bot.lasting.outcomes import FEWER
from bot.lasting.report import LastingSection
from bot.reports import build_report
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from handlers.cli import main
from storage.models import Relationship
from storage.people import PersonRepository
from tests.lasting.slack_steps import answer_survey
from tests.mentoring.journey import make_mentee, make_mentor, ref

# Surveys fall due in early November, so the report can cover a finished month.
STARTED = datetime(2026, 10, 1, 14, 0, tzinfo=UTC)
ANSWERED = STARTED + timedelta(days=31)


@pytest.fixture
def rounds() -> Iterator[LocalRounds]:
    with LocalRounds(clock=FakeClock(ANSWERED)) as local:
        yield local
        assert local.fake.block_errors == []


def pair_up(rounds: LocalRounds, mentees: list[str], mentors: list[str]) -> None:
    """Ongoing mentoring begun a month ago, each mentee with the mentor at the same place;
    the 1-month surveys come due now."""
    for index, user_id in enumerate(mentees):
        stage = CareerStage.STUDENT if index % 4 == 3 else CareerStage.PGY2
        make_mentee(rounds, user_id, f"Mentee {index}", stage)
    for user_id in dict.fromkeys(mentors):
        make_mentor(rounds, user_id, f"Dr {user_id[-1]}", "pediatrics", capacity=5)
    with rounds.services.database.write() as session:
        people = PersonRepository(session)
        started = []
        for mentee, mentor in zip(mentees, mentors, strict=True):
            relationship = Relationship(
                mentor_id=people.get_or_create(ref(mentor)).id,
                mentee_id=people.get_or_create(ref(mentee)).id,
                format="ongoing",
                started_at=STARTED,
            )
            session.add(relationship)
            session.flush()
            assert relationship.id is not None
            started.append(relationship.id)
    for relationship_id in started:
        rounds.services.surveys.introduced(Introduced(relationship_id, "ongoing"))
    rounds.run_due()


def report_page(rounds: LocalRounds, tmp_path: Path) -> str:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--since",
            "2026-10-01",
            "--until",
            "2026-11-30",
            "--out",
            str(out),
            "--database-url",
            rounds.settings.DATABASE_URL,
        ],
    )
    assert result.exit_code == 0, result.output
    return out.read_text()


def row(page: str, label: str) -> str:
    """The value cell next to ``label`` in the rendered HTML."""
    start = page.index(f"<td>{label}</td>") + len(f"<td>{label}</td>")
    return page[page.index("<td>", start) + 4 : page.index("</td>", start + 1)]


def test_five_mentees_answers_are_averaged_while_four_mentors_answers_stay_hidden(
    rounds: LocalRounds, tmp_path: Path
) -> None:
    mentees = [f"U0MENTEE{n}" for n in range(5)]
    mentors = ["U0DRA", "U0DRB", "U0DRC", "U0DRD", "U0DRD"]
    pair_up(rounds, mentees, mentors)

    for user_id, usefulness in zip(mentees, "45345", strict=True):
        answer_survey(
            rounds, user_id, "survey.mentee", {"usefulness": usefulness, "goal_progress": "3"}
        )
    for user_id in mentors[:4]:
        answer_survey(rounds, user_id, "survey.mentor", {"satisfaction": "5", "load": "1"})

    page = report_page(rounds, tmp_path)
    month = row(page, "1-month survey, 2026-11")
    assert month == "usefulness 4.2 · progress on goals 3.0 (9 people)"
    assert "mentor satisfaction" not in page and "mentor load manageable" not in page
    assert row(page, "Mentees&#x27; answers, residents") == FEWER
    assert row(page, "Mentees&#x27; answers, students") == FEWER


def test_four_people_answering_show_only_that_fewer_answered(
    rounds: LocalRounds, tmp_path: Path
) -> None:
    mentees = [f"U0MENTEE{n}" for n in range(4)]
    pair_up(rounds, mentees, ["U0DRA"] * 4)

    for user_id in mentees:
        answer_survey(rounds, user_id, "survey.mentee", {"usefulness": "5", "goal_progress": "5"})

    page = report_page(rounds, tmp_path)
    assert row(page, "1-month survey, 2026-11") == FEWER
    assert "usefulness 5.0" not in page


def test_a_workspace_report_counts_only_its_own_mentoring_and_flags_a_heavy_load(
    rounds: LocalRounds,
) -> None:
    mentees = [f"U0MENTEE{n}" for n in range(8)]
    pair_up(rounds, mentees, ["U0DRA", "U0DRB", "U0DRC"] + ["U0DRD"] * 5)
    for user_id in mentees[:5]:
        answer_survey(rounds, user_id, "survey.mentee", {"usefulness": "4", "goal_progress": "4"})
    since, until = STARTED, ANSWERED + timedelta(days=1)

    def lasting(workspace_id: str) -> dict[str, str]:
        report = build_report(rounds.services.database, since, until, workspace_id=workspace_id)
        found = [s for s in report.sections if s.title == LastingSection.title]
        return dict(found[0].figures) if found else {}

    ours = lasting(FAKE_TEAM)
    assert ours["1-month survey, 2026-11"] == "usefulness 4.0 · progress on goals 4.0 (5 people)"
    assert ours["Mentor load: median active mentees"] == "1"
    assert ours["Mentors far above the median"] == "Dr D (5)"
    assert lasting("T0ELSEWHERE") == {}

import csv
import html
import io
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from bot.replies import plain_text
from bot.reports import (
    SECTIONS,
    build_report,
    register_section,
    report_charts,
    report_csv,
    report_html,
    report_summary,
)
from storage.db import Database
from storage.models import Person
from tests.reports.conftest import END, START


def test_the_figures_on_a_known_program(database: Database, program: dict[str, int]) -> None:
    report = build_report(database, START, END)

    people = report.participation.everyone
    assert (people.mentees, people.active_mentees) == (4, 4)
    assert (people.mentors, people.active_mentors) == (3, 2)
    requests = report.requests
    assert (requests.created, requests.matched, requests.unmatched, requests.still_open) == (
        5,
        3,
        1,
        1,
    )
    assert requests.median_days_to_match == pytest.approx(13 / 24)
    assert requests.mean_days_to_match == pytest.approx((13 / 24 + 2 + 0.25) / 3)
    assert (requests.offers_accepted, requests.offers_answered) == (3, 5)
    assert requests.acceptance_rate == pytest.approx(0.6)
    assert requests.median_hours_to_respond == pytest.approx(24)
    meetings = report.meetings
    assert (meetings.asked, meetings.answered, meetings.yes, meetings.not_yet, meetings.wont) == (
        6,
        5,
        3,
        1,
        1,
    )
    assert meetings.yes_rate == pytest.approx(0.6)
    feedback = report.feedback
    assert (feedback.responses, feedback.contributors) == (4, 4)
    assert feedback.mean_usefulness == pytest.approx(4.0)
    assert feedback.usefulness_counts == (0, 0, 1, 2, 1)
    assert feedback.would_meet_again_rate == pytest.approx(0.75)
    by_kind = {(g.subject_type, g.role): g for g in feedback.groups}
    assert by_kind["relationship", "mentee"].mean_usefulness == pytest.approx(4.0)
    assert by_kind["relationship", "mentor"].mean_usefulness is None  # one person only
    goals = report.goals
    assert (goals.set_in_period, goals.done_in_period, goals.open_at_end) == (3, 1, 2)
    assert (goals.on_track, goals.need_help) == (1, 1)
    assert [r.name for r in report.full_mentors] == ["Dr. Grace Kim"]
    assert [r.name for r in report.unused_mentors] == ["Dr. Lin Ng"]
    assert {(r.mentee, r.why) for r in report.stuck} == {
        ("Ana Ruiz", "waiting 10 days for Dr. Sam Lee to answer"),
        ("Dev Shah", "found no mentor"),
    }
    assert [
        (m.month, m.requests, m.matches, m.meetings, m.feedback, m.goals_done)
        for m in report.months
    ] == [
        ("2026-01", 2, 2, 1, 2, 0),
        ("2026-02", 2, 1, 2, 2, 1),
        ("2026-03", 1, 0, 0, 0, 0),
    ]
    stages = {row.group: row for row in report.participation.by_career_stage}
    assert (stages["PGY-2"].mentees, stages["Attending"].mentors) == (1, 2)


def test_a_shorter_period_counts_only_what_happened_in_it(
    database: Database, program: dict[str, int]
) -> None:
    february = build_report(
        database,
        datetime(2026, 2, 1, tzinfo=START.tzinfo),
        datetime(2026, 3, 1, tzinfo=START.tzinfo),
    )

    assert february.requests.created == 2
    assert february.meetings.yes == 2
    assert february.goals.done_in_period == 1


def test_an_empty_database_gives_an_empty_report_everywhere(database: Database) -> None:
    report = build_report(database, START, END)

    assert report.is_empty
    assert report.requests.created == 0 and report.requests.acceptance_rate is None
    assert report.feedback.mean_usefulness is None
    assert report_charts(report) == []
    text = plain_text(report_summary(report))
    assert "No mentoring activity in this period." in text
    assert "No coffee rounds or events in this period." in text
    assert "No mentoring activity in this period." in report_html(report, [])
    assert "# requests" in report_csv(report)


def test_the_csv_holds_the_rows_but_no_free_text_or_feedback_authors(
    database: Database, program: dict[str, int]
) -> None:
    text = report_csv(build_report(database, START, END))

    rows = list(csv.reader(io.StringIO(text)))
    request_rows = rows[[r[:1] for r in rows].index(["# requests"]) + 2 :]
    assert len([r for r in request_rows if r and r[0].isdigit()]) == 5
    for secret in ("poster", "Felt rushed", "On leave", "NICU", "QI", "Ana came"):
        assert secret not in text
    feedback_header = rows[[r[:1] for r in rows].index(["# feedback"]) + 1]
    assert feedback_header == [
        "subject",
        "role",
        "responses",
        "people",
        "usefulness",
        "would_meet_again",
    ]


def test_the_html_is_one_self_contained_file_with_its_charts(
    database: Database, program: dict[str, int]
) -> None:
    report = build_report(database, START, END)
    charts = report_charts(report)

    page = report_html(report, charts)

    assert {c.name for c in charts} == {
        "trends.png",
        "participation.png",
        "mentor-load.png",
        "feedback.png",
    }
    assert all(chart.png.startswith(b"\x89PNG") for chart in charts)
    assert page.count('src="data:image/png;base64,') == 4
    assert "http://" not in page and "https://" not in page
    assert "Time to match: from a request being created" in page


@settings(max_examples=15)
@given(name=st.text(min_size=1, max_size=40) | st.just("<script>alert(1)</script>"))
@example(name="Ana\x00<b>")
@example(name="\x00")
def test_names_are_escaped_in_the_html(database: Database, name: str) -> None:
    with database.write() as session:
        session.add(Person(workspace_id="T0", user_id="U0X", display_name=name, is_mentor=True))
    try:
        page = report_html(build_report(database, START, END), [])
    finally:
        with database.write() as session:
            session.delete(session.exec(select(Person).where(Person.user_id == "U0X")).one())

    shown_name = name.replace("\x00", "") or "someone"
    assert f"<td>{html.escape(shown_name)}</td>" in page
    assert "<script" not in page


class CoffeeRounds:
    title = "Coffee rounds"

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        return [("Rounds run", "2"), ("Pairs introduced", "14")]


def test_registered_sections_appear_in_the_report(database: Database) -> None:
    register_section(CoffeeRounds())
    try:
        report = build_report(database, START, END)
        text = plain_text(report_summary(report))
    finally:
        SECTIONS.clear()

    assert "Rounds run: 2" in text
    assert "No coffee rounds or events in this period." not in text

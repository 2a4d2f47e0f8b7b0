"""Outcome figures never single anyone out: averages only from five people up."""

from datetime import UTC, datetime

from bot.lasting.outcomes import (
    FEWER,
    SurveyRow,
    by_career_stage,
    by_month,
    by_self_described_group,
    mentor_load,
)

DECEMBER = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
JANUARY = datetime(2027, 1, 5, 15, 0, tzinfo=UTC)


def answers(people: int, when: datetime, stage: str | None = "pgy2") -> list[SurveyRow]:
    return [
        SurveyRow(
            person, "1-month survey", when, {"usefulness": 3 + person % 3}, mentee_stage=stage
        )
        for person in range(people)
    ]


def test_four_people_in_a_month_show_only_that_fewer_answered() -> None:
    assert by_month(answers(4, DECEMBER)) == [("1-month survey, 2026-12", FEWER)]


def test_five_people_in_a_month_show_their_average() -> None:
    [(label, value)] = by_month(answers(5, DECEMBER))

    assert label == "1-month survey, 2026-12"
    assert value == "usefulness 3.8 (5 people)"


def test_each_month_is_suppressed_on_its_own() -> None:
    figures = dict(by_month(answers(6, DECEMBER) + answers(2, JANUARY)))

    assert figures["1-month survey, 2026-12"].startswith("usefulness")
    assert figures["1-month survey, 2027-01"] == FEWER


def test_the_equity_view_by_career_stage_suppresses_small_groups() -> None:
    rows = answers(5, DECEMBER, "pgy2") + [
        SurveyRow(100 + i, "1-month survey", DECEMBER, {"usefulness": 1}, mentee_stage="student")
        for i in range(2)
    ]

    figures = dict(by_career_stage(rows))

    assert figures["Mentees' answers, residents"].startswith("usefulness")
    assert figures["Mentees' answers, students"] == FEWER


def test_the_mentor_load_view_flags_mentors_far_above_the_median() -> None:
    loads = [("Dr Kim", 9), ("Dr Lee", 2), ("Dr Ortiz", 2), ("Dr Wu", 3), ("Dr Shah", 1)]

    figures = dict(mentor_load(loads))

    assert figures["Mentor load: median active mentees"] == "2"
    assert figures["Mentors far above the median"] == "Dr Kim (9)"


def test_self_described_groups_count_only_people_who_gave_one_and_hide_small_groups() -> None:
    rows = [
        SurveyRow(i, "1-month survey", DECEMBER, {"usefulness": 4}, self_described="IMG")
        for i in range(5)
    ]
    rows += [
        SurveyRow(50, "1-month survey", DECEMBER, {"usefulness": 1}, self_described="Rural"),
        SurveyRow(60, "1-month survey", DECEMBER, {"usefulness": 2}),
    ]

    figures = dict(by_self_described_group(rows))

    assert figures["Answers from people who describe themselves as IMG"] == (
        "usefulness 4.0 (5 people)"
    )
    assert figures["Self-described groups under five people"] == "1 not shown"
    assert not any("Rural" in label for label in figures)

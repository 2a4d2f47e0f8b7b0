"""The report as labelled figures and tables, shared by every way of showing it."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.reports.model import PeopleRow, ProgramReport

NONE = "–"


@dataclass(frozen=True)
class FigureGroup:
    title: str
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def percent(value: float | None) -> str:
    return NONE if value is None else f"{value:.0%}"


def decimal(value: float | None, unit: str = "") -> str:
    return NONE if value is None else f"{value:.1f}{unit}"


def day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def period_text(report: ProgramReport) -> str:
    return dates_text(report.since, report.until)


def dates_text(since: datetime, until: datetime) -> str:
    """The period with both days included, as people say it."""
    return f"{day(since)} to {day(until - timedelta(microseconds=1))}"


def figure_groups(report: ProgramReport) -> tuple[FigureGroup, ...]:
    """The headline figures, section by section."""
    people, requests = report.participation.everyone, report.requests
    meetings, feedback, goals = report.meetings, report.feedback, report.goals
    mean_usefulness = (
        decimal(feedback.mean_usefulness, " / 5")
        if feedback.mean_usefulness is not None
        else ("not shown (fewer than 3 people)" if feedback.responses else NONE)
    )
    groups = [
        FigureGroup(
            "Participation",
            (
                ("Mentees active / enrolled", f"{people.active_mentees} / {people.mentees}"),
                ("Mentors active / enrolled", f"{people.active_mentors} / {people.mentors}"),
            ),
        ),
        FigureGroup(
            "Requests",
            (
                ("Requests", str(requests.created)),
                ("Matched", str(requests.matched)),
                ("Found no mentor", str(requests.unmatched)),
                ("Cancelled", str(requests.cancelled)),
                ("Still open", str(requests.still_open)),
                ("Time to match (median)", decimal(requests.median_days_to_match, " days")),
                ("Acceptance rate", percent(requests.acceptance_rate)),
                ("Mentor response (median)", decimal(requests.median_hours_to_respond, " h")),
            ),
        ),
        FigureGroup(
            "Meetings",
            (
                ("“Did you meet?” asked", str(meetings.asked)),
                ("Answered", str(meetings.answered)),
                ("Meetings held (yes)", str(meetings.yes)),
                ("Yes-rate", percent(meetings.yes_rate)),
            ),
        ),
        FigureGroup(
            "Feedback",
            (
                ("Responses", str(feedback.responses)),
                ("People who answered", str(feedback.contributors)),
                ("Usefulness (mean)", mean_usefulness),
                ("Would meet again", percent(feedback.would_meet_again_rate)),
            ),
        ),
        FigureGroup(
            "Goals",
            (
                ("Goals set", str(goals.set_in_period)),
                ("Goals done", str(goals.done_in_period)),
                ("Open at the end", str(goals.open_at_end)),
                ("Check-ins: on track / need help", f"{goals.on_track} / {goals.need_help}"),
            ),
        ),
        FigureGroup(
            "Mentor load",
            (
                ("Mentors full", str(len(report.full_mentors))),
                ("Mentors unused", str(len(report.unused_mentors))),
                ("Stuck requests", str(len(report.stuck))),
            ),
        ),
    ]
    groups.extend(FigureGroup(section.title, section.figures) for section in report.sections)
    return tuple(groups)


def no_sections_text(report: ProgramReport) -> str | None:
    return None if report.sections else "No coffee rounds or events in this period."


def tables(report: ProgramReport) -> tuple[Table, ...]:
    """Every row behind the figures; no free text, and no feedback by person."""
    people_header = ("group", "mentees", "active_mentees", "mentors", "active_mentors")
    participation = report.participation
    return (
        Table(
            "months",
            "Month by month",
            ("month", "requests", "matches", "meetings", "feedback", "usefulness", "goals_done"),
            tuple(
                (
                    m.month,
                    str(m.requests),
                    str(m.matches),
                    str(m.meetings),
                    str(m.feedback),
                    decimal(m.mean_usefulness),
                    str(m.goals_done),
                )
                for m in report.months
            ),
        ),
        Table(
            "career_stage",
            "Participation by career stage",
            people_header,
            _people_rows(participation.by_career_stage),
        ),
        Table(
            "specialty",
            "Participation by specialty",
            people_header,
            _people_rows(participation.by_specialty),
        ),
        Table(
            "mentor_load",
            "Mentor load",
            ("mentor", "capacity", "active", "mentees_in_period", "offers_in_period", "state"),
            tuple(
                (
                    r.name,
                    str(r.capacity),
                    str(r.active),
                    str(r.mentees_in_period),
                    str(r.offers_in_period),
                    r.state,
                )
                for r in report.mentor_load
            ),
        ),
        Table(
            "stuck",
            "Unmatched and stuck requests",
            ("request", "mentee", "created", "waiting_days", "why"),
            tuple(
                (str(r.request_id), r.mentee, day(r.created_at), f"{r.waiting_days:.0f}", r.why)
                for r in report.stuck
            ),
        ),
        Table(
            "feedback",
            "Feedback by kind",
            ("subject", "role", "responses", "people", "usefulness", "would_meet_again"),
            tuple(
                (
                    g.subject_type,
                    g.role,
                    str(g.responses),
                    str(g.contributors),
                    decimal(g.mean_usefulness),
                    f"{g.would_meet_again} of {g.would_meet_again_answered}",
                )
                for g in report.feedback.groups
            ),
        ),
        Table(
            "requests",
            "Requests created in the period",
            (
                "request",
                "created",
                "mentee_career_stage",
                "mentee_specialty",
                "outcome",
                "offers",
                "declines",
                "days_to_match",
            ),
            tuple(
                (
                    str(r.request_id),
                    day(r.created_at),
                    r.mentee_career_stage,
                    r.mentee_specialty,
                    r.outcome,
                    str(r.offers),
                    str(r.declines),
                    decimal(r.days_to_match),
                )
                for r in report.request_rows
            ),
        ),
    )


def _people_rows(rows: tuple[PeopleRow, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (r.group, str(r.mentees), str(r.active_mentees), str(r.mentors), str(r.active_mentors))
        for r in rows
    )

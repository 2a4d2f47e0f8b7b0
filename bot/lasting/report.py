"""Mentoring that lasts, in the program report: counts only, small groups suppressed."""

from datetime import datetime

from bot.lasting.fit import FIT_CHECK, FitAnswer
from bot.lasting.outcomes import (
    MIN_GROUP,
    SurveyRow,
    by_career_stage,
    by_month,
    by_self_described_group,
    mentor_load,
)
from bot.lasting.surveys import Milestone, Side
from bot.lasting.team import role_of
from bot.mentoring.model import MentoringRole
from storage.db import Database
from storage.lasting import LastingRepository
from storage.models import OutcomeSurvey

ANSWER_FIELDS = ("usefulness", "goal_progress", "satisfaction", "load")


class LastingSection:
    title = "Mentoring that lasts"

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        with LastingRepository.reading(database) as lasting:
            sensitive = lasting.sensitive_requests(since, until, workspace_id)
            covered = lasting.roles_covered(since, until, workspace_id)
            fits = lasting.answer_counts(FIT_CHECK, since, until, workspace_id)
            answered = lasting.surveys(since, until, workspace_id)
            groups = lasting.self_described({s.person_id for s, _ in answered})
            surveys = [survey_row(s, stage, groups.get(s.person_id)) for s, stage in answered]
            loads = lasting.mentor_loads(workspace_id)
        figures: list[tuple[str, str]] = []
        if sensitive:
            figures.append(("Sensitive requests (counted only)", str(sensitive)))
        figures += coverage_by_role(covered)
        figures += fit_counts(fits)
        figures += by_month(surveys)
        figures += by_career_stage([row for row in surveys if row.mentee_stage is not None])
        figures += by_self_described_group(surveys)
        if figures:
            figures += mentor_load(loads)
        return figures


def survey_row(
    survey: OutcomeSurvey, mentee_stage: str | None, self_described: str | None = None
) -> SurveyRow:
    answers = {f: v for f in ANSWER_FIELDS if (v := getattr(survey, f)) is not None}
    return SurveyRow(
        person_id=survey.person_id,
        milestone_label=Milestone(survey.milestone).label,
        answered_at=survey.answered_at,
        answers=answers,
        mentee_stage=mentee_stage if survey.side == Side.MENTEE else None,
        self_described=self_described,
    )


def fit_counts(fits: dict[str, int]) -> list[tuple[str, str]]:
    """How the fit checks were answered; only once five or more answered at all."""
    total = sum(fits.values())
    if not total:
        return []
    label = "Fit checks: good fit · not sure · not a fit"
    if total < MIN_GROUP:
        return [(label, f"fewer than {MIN_GROUP} answers")]
    return [(label, " · ".join(str(fits.get(answer.value, 0)) for answer in FitAnswer))]


def coverage_by_role(covered: list[tuple[int, str | None]]) -> list[tuple[str, str]]:
    """How many mentees had a mentor of each kind during the period."""
    mentees = {mentee for mentee, _ in covered}
    if not mentees:
        return []
    by_role: dict[MentoringRole, set[int]] = {}
    for mentee, role in covered:
        by_role.setdefault(role_of(role), set()).add(mentee)
    return [
        (
            f"Mentees with a {role.label.lower()} mentor",
            f"{len(by_role.get(role, ()))} of {len(mentees)}",
        )
        for role in MentoringRole
    ]

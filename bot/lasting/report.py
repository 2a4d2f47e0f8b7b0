"""Mentoring that lasts, in the program report: counts only, small groups suppressed."""

from datetime import datetime

from bot.lasting.fit import FIT_CHECK, FitAnswer
from bot.lasting.team import role_of
from bot.mentoring.model import MentoringRole
from storage.db import Database
from storage.lasting import LastingRepository


class LastingSection:
    title = "Mentoring that lasts"

    def figures(
        self, database: Database, since: datetime, until: datetime
    ) -> list[tuple[str, str]]:
        with LastingRepository.reading(database) as lasting:
            sensitive = lasting.sensitive_requests(since, until)
            covered = lasting.roles_covered(since, until)
            fits = lasting.answer_counts(FIT_CHECK, since, until)
        figures: list[tuple[str, str]] = []
        if sensitive:
            figures.append(("Sensitive requests (counted only)", str(sensitive)))
        figures += coverage_by_role(covered)
        if fits:
            figures.append(
                (
                    "Fit checks: good fit · not sure · not a fit",
                    " · ".join(str(fits.get(answer.value, 0)) for answer in FitAnswer),
                )
            )
        return figures


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

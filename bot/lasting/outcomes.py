"""Outcome survey figures for the report: by month, by career stage, and mentor load.

Every figure about answers covers at least ``MIN_GROUP`` people or says only that fewer
answered, so no one's answers can be picked out.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from statistics import mean, median

from bot.career import CareerStage

MIN_GROUP = 5
FEWER = f"fewer than {MIN_GROUP} people answered"
FIELDS = (
    ("usefulness", "usefulness"),
    ("goal_progress", "progress on goals"),
    ("satisfaction", "mentor satisfaction"),
    ("load", "mentor load manageable"),
)


@dataclass(frozen=True)
class SurveyRow:
    person_id: int
    milestone_label: str
    answered_at: datetime
    answers: dict[str, int]
    mentee_stage: str | None = None
    # Only for people who chose to describe themselves by a group.
    self_described: str | None = None


def _means(rows: Sequence[SurveyRow]) -> str:
    parts = []
    for field, label in FIELDS:
        given = [row.answers[field] for row in rows if field in row.answers]
        people = {row.person_id for row in rows if field in row.answers}
        if len(people) >= MIN_GROUP:
            parts.append(f"{label} {mean(given):.1f}")
    people = {row.person_id for row in rows}
    return f"{' · '.join(parts) or 'no question had enough answers'} ({len(people)} people)"


def _summary(rows: Sequence[SurveyRow]) -> str:
    return FEWER if len({row.person_id for row in rows}) < MIN_GROUP else _means(rows)


def by_month(rows: Sequence[SurveyRow]) -> list[tuple[str, str]]:
    """One figure per survey and month, averages only from five people up."""
    groups: dict[tuple[str, str], list[SurveyRow]] = {}
    for row in sorted(rows, key=lambda r: r.answered_at):
        groups.setdefault((f"{row.answered_at:%Y-%m}", row.milestone_label), []).append(row)
    return [
        (f"{label.capitalize()}, {month}", _summary(group))
        for (month, label), group in groups.items()
    ]


def stage_group(stage: str | None) -> str:
    try:
        known = CareerStage(stage) if stage else None
    except ValueError:
        known = None
    if known is None:
        return "Stage not given"
    if known is CareerStage.STUDENT:
        return "Students"
    if known is CareerStage.FELLOW:
        return "Fellows"
    return "Residents" if known.level == 1 else "Attendings"


def by_career_stage(rows: Sequence[SurveyRow]) -> list[tuple[str, str]]:
    """Mentees' answers by their career stage: an equity view, small groups suppressed."""
    groups: dict[str, list[SurveyRow]] = {}
    for row in rows:
        if row.mentee_stage is not None or "usefulness" in row.answers:
            groups.setdefault(stage_group(row.mentee_stage), []).append(row)
    return [
        (f"Mentees' answers, {group.lower()}", _summary(found))
        for group, found in sorted(groups.items())
    ]


def by_self_described_group(rows: Sequence[SurveyRow]) -> list[tuple[str, str]]:
    """Answers by self-described group, only from people who gave one, small groups hidden
    entirely (a group's name alone could point to someone)."""
    groups: dict[str, list[SurveyRow]] = {}
    names: dict[str, str] = {}
    for row in rows:
        if row.self_described:
            key = " ".join(row.self_described.casefold().split())
            groups.setdefault(key, []).append(row)
            names.setdefault(key, row.self_described.strip())
    shown = [
        (f"Answers from people who describe themselves as {names[key]}", _means(found))
        for key, found in sorted(groups.items())
        if len({row.person_id for row in found}) >= MIN_GROUP
    ]
    hidden = sum(
        1 for found in groups.values() if len({row.person_id for row in found}) < MIN_GROUP
    )
    if hidden:
        shown.append(("Self-described groups under five people", f"{hidden} not shown"))
    return shown


def mentor_load(loads: Sequence[tuple[str, int]]) -> list[tuple[str, str]]:
    """The median load of active mentors, and who carries far more (twice, and 3 more)."""
    active = [count for _, count in loads if count > 0]
    if not active:
        return []
    middle = median(active)
    far = [
        f"{name} ({count})"
        for name, count in sorted(loads, key=lambda item: (-item[1], item[0]))
        if count >= max(2 * middle, middle + 3)
    ]
    figures = [("Mentor load: median active mentees", f"{middle:g}")]
    figures.append(("Mentors far above the median", ", ".join(far) if far else "none"))
    return figures

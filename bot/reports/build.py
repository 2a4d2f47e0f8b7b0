"""Computes the program report from the database for a period."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from statistics import mean

from bot.career import CareerStage
from bot.compute import INLINE, Compute
from bot.matching.vocabulary import load_vocabulary
from bot.reports.model import (
    MIN_CONTRIBUTORS,
    FeedbackFigures,
    FeedbackGroup,
    GoalFigures,
    MeetingFigures,
    MentorLoadRow,
    MonthRow,
    Participation,
    PeopleRow,
    ProgramReport,
    SectionResult,
)
from bot.reports.periods import add_months, month_label, months_between
from bot.reports.request_figures import (
    ANSWERS,
    SECONDS_PER_DAY,
    request_figures,
    request_rows,
    stuck_requests,
)
from bot.reports.sections import SECTIONS, ProgramSection
from bot.reports.snapshot import Period, Snapshot
from storage.db import Database
from storage.models import Feedback, Goal, Person, Relationship

DEFAULT_STUCK_AFTER = timedelta(days=3)
DID_YOU_MEET = "did_you_meet"
GOAL_CHECKIN = "goal_checkin"
UNKNOWN = "Not given"


def build_report(
    database: Database,
    since: datetime,
    until: datetime,
    *,
    stuck_after: timedelta = DEFAULT_STUCK_AFTER,
    compute: Compute = INLINE,
    workspace_id: str | None = None,
) -> ProgramReport:
    """The program report for [since, until): figures, rows, and registered sections.

    Rows are read in short read transactions (one for the program, one per section) and
    the figures computed with none open, so a long report never holds up people's writes.
    With worker processes in ``compute``, one of them reads and computes the whole report.
    With ``workspace_id`` only that workspace's people, programs and events are counted."""
    if until <= since:
        raise ValueError("the end of the period must come after its start")
    return compute.with_database(
        database, _report, since, until, stuck_after, tuple(SECTIONS), workspace_id
    )


def _report(
    database: Database,
    since: datetime,
    until: datetime,
    stuck_after: timedelta,
    program_sections: Sequence[ProgramSection],
    workspace_id: str | None = None,
) -> ProgramReport:
    snapshot = Snapshot.load(database, workspace_id)
    period = Period(since, until)
    sections = tuple(
        SectionResult(section.title, figures)
        for section in program_sections
        if (figures := tuple(section.figures(database, since, until, workspace_id)))
    )
    requests = request_rows(snapshot, period)
    return ProgramReport(
        since=since,
        until=until,
        participation=_participation(snapshot, period),
        requests=request_figures(snapshot, period, requests),
        meetings=_meetings(snapshot, period),
        feedback=_feedback(snapshot, period),
        goals=_goals(snapshot, period),
        mentor_load=_mentor_load(snapshot, period),
        stuck=stuck_requests(snapshot, period, stuck_after),
        sections=sections,
        months=_months(snapshot, period),
        request_rows=requests,
        stuck_after_days=stuck_after.total_seconds() / SECONDS_PER_DAY,
    )


# --- participation ---------------------------------------------------------------------------


def _active_people(snapshot: Snapshot, period: Period) -> tuple[set[int], set[int]]:
    mentees = {r.mentee_id for r in snapshot.requests if period.holds(r.created_at)}
    mentors: set[int] = set()
    for relationship in snapshot.relationships:
        if period.overlaps(relationship.started_at, relationship.ended_at):
            mentees.add(relationship.mentee_id)
            mentors.add(relationship.mentor_id)
    for steps in snapshot.steps.values():
        mentors.update(
            s.mentor_id
            for s in steps
            if s.kind in ANSWERS and s.mentor_id is not None and period.holds(s.at)
        )
    return mentees, mentors


def _participation(snapshot: Snapshot, period: Period) -> Participation:
    active_mentees, active_mentors = _active_people(snapshot, period)
    enrolled = [
        p
        for p in snapshot.people.values()
        if (p.is_mentee or p.is_mentor) and p.created_at < period.until
    ]
    vocabulary = load_vocabulary()

    def stage_of(person: Person) -> str:
        profile = snapshot.profiles.get(person.id or 0)
        stage = profile.career_stage if profile else None
        return CareerStage(stage).label if stage in set(CareerStage) else UNKNOWN

    def specialty_of(person: Person) -> str:
        profile = snapshot.profiles.get(person.id or 0)
        specialty = profile.specialty if profile else None
        if not specialty:
            return UNKNOWN
        if specialty in vocabulary.concepts:
            return vocabulary.concept(specialty).label
        return specialty

    def row(group: str, people: Iterable[Person]) -> PeopleRow:
        members = list(people)
        return PeopleRow(
            group=group,
            mentees=sum(p.is_mentee for p in members),
            active_mentees=sum(p.is_mentee and p.id in active_mentees for p in members),
            mentors=sum(p.is_mentor for p in members),
            active_mentors=sum(p.is_mentor and p.id in active_mentors for p in members),
        )

    def grouped(key_of: Callable[[Person], str]) -> tuple[PeopleRow, ...]:
        groups: dict[str, list[Person]] = defaultdict(list)
        for person in enrolled:
            groups[key_of(person)].append(person)
        return tuple(row(name, groups[name]) for name in sorted(groups, key=_unknown_last))

    stage_order = {stage.label: stage.rank for stage in CareerStage}
    by_stage = sorted(grouped(stage_of), key=lambda r: stage_order.get(r.group, len(stage_order)))
    return Participation(
        everyone=row("Everyone", enrolled),
        by_career_stage=tuple(by_stage),
        by_specialty=grouped(specialty_of),
    )


def _unknown_last(group: str) -> tuple[bool, str]:
    return group == UNKNOWN, group.lower()


# --- meetings, feedback, goals ---------------------------------------------------------------


def _answered(snapshot: Snapshot, period: Period, kind: str) -> Counter[str]:
    return Counter(
        prompt.answer or ""
        for prompt in snapshot.prompts
        if prompt.kind == kind and prompt.answer and period.holds(prompt.answered_at)
    )


def _meetings(snapshot: Snapshot, period: Period) -> MeetingFigures:
    answers = _answered(snapshot, period, DID_YOU_MEET)
    asked = sum(
        prompt.kind == DID_YOU_MEET and period.holds(prompt.sent_at) for prompt in snapshot.prompts
    )
    return MeetingFigures(
        asked=asked,
        answered=sum(answers.values()),
        yes=answers["yes"],
        not_yet=answers["not_yet"],
        wont=answers["wont"],
    )


def contributor_key(feedback: Feedback, snapshot_relationships: dict[int, Relationship]) -> str:
    """Who gave a piece of feedback, for counting people: the author, or, once the author
    asked to be forgotten, the relationship's member in the author's role."""
    if feedback.author_id is not None:
        return f"person:{feedback.author_id}"
    relationship = (
        snapshot_relationships.get(feedback.subject_id)
        if feedback.subject_type == "relationship"
        else None
    )
    if relationship is not None:
        member = relationship.mentee_id if feedback.role == "mentee" else relationship.mentor_id
        return f"person:{member}"
    return f"feedback:{feedback.id}"


def _feedback_group(
    rows: Sequence[Feedback], relationships: dict[int, Relationship]
) -> tuple[int, float | None, int, int]:
    contributors = len({contributor_key(row, relationships) for row in rows})
    scores = [row.usefulness for row in rows if row.usefulness is not None]
    shown = mean(scores) if scores and contributors >= MIN_CONTRIBUTORS else None
    again = [row.would_meet_again for row in rows if row.would_meet_again is not None]
    return contributors, shown, sum(again), len(again)


def _feedback(snapshot: Snapshot, period: Period) -> FeedbackFigures:
    rows = [row for row in snapshot.feedback if period.holds(row.created_at)]
    relationships = {r.id: r for r in snapshot.relationships if r.id is not None}
    contributors, shown, again, again_answered = _feedback_group(rows, relationships)
    counts = Counter(row.usefulness for row in rows)
    grouped: dict[tuple[str, str], list[Feedback]] = defaultdict(list)
    for row in rows:
        grouped[(row.subject_type, row.role)].append(row)
    groups = []
    for (subject_type, role), members in sorted(grouped.items()):
        people, group_mean, group_again, group_answered = _feedback_group(members, relationships)
        groups.append(
            FeedbackGroup(
                subject_type, role, len(members), people, group_mean, group_again, group_answered
            )
        )
    return FeedbackFigures(
        responses=len(rows),
        contributors=contributors,
        mean_usefulness=shown,
        usefulness_counts=(counts[1], counts[2], counts[3], counts[4], counts[5]),
        would_meet_again=again,
        would_meet_again_answered=again_answered,
        groups=tuple(groups),
    )


def _goal_done_at(goal: Goal) -> datetime | None:
    return goal.completed_at if goal.status == "done" else None


def _goals(snapshot: Snapshot, period: Period) -> GoalFigures:
    checkins = _answered(snapshot, period, GOAL_CHECKIN)
    open_at_end = 0
    for goal in snapshot.goals:
        done_at = _goal_done_at(goal)
        still_open = goal.status == "open" or (done_at is not None and done_at >= period.until)
        open_at_end += goal.created_at < period.until and still_open
    return GoalFigures(
        set_in_period=sum(period.holds(goal.created_at) for goal in snapshot.goals),
        done_in_period=sum(period.holds(_goal_done_at(goal)) for goal in snapshot.goals),
        open_at_end=open_at_end,
        on_track=checkins["on_track"],
        need_help=checkins["need_help"],
        reported_done=checkins["done"],
    )


# --- mentors and months ----------------------------------------------------------------------


def _mentor_load(snapshot: Snapshot, period: Period) -> tuple[MentorLoadRow, ...]:
    offers: Counter[int] = Counter(
        step.mentor_id
        for steps in snapshot.steps.values()
        for step in steps
        if step.kind == "offered" and step.mentor_id is not None and period.holds(step.at)
    )
    rows = []
    for person in snapshot.people.values():
        if not person.is_mentor or person.id is None:
            continue
        theirs = [r for r in snapshot.relationships if r.mentor_id == person.id]
        profile = snapshot.profiles.get(person.id)
        rows.append(
            MentorLoadRow(
                person_id=person.id,
                name=person.display_name or "someone",
                capacity=profile.capacity if profile else 0,
                active=sum(
                    r.started_at < period.until
                    and (r.ended_at is None or r.ended_at >= period.until)
                    for r in theirs
                ),
                mentees_in_period=len(
                    {r.mentee_id for r in theirs if period.overlaps(r.started_at, r.ended_at)}
                ),
                offers_in_period=offers[person.id],
            )
        )
    return tuple(sorted(rows, key=lambda row: (-row.active, row.name.lower())))


def _months(snapshot: Snapshot, period: Period) -> tuple[MonthRow, ...]:
    relationships = {r.id: r for r in snapshot.relationships if r.id is not None}
    rows = []
    for start in months_between(period.since, period.until):
        month = Period(max(start, period.since), min(add_months(start, 1), period.until))
        feedback = [row for row in snapshot.feedback if month.holds(row.created_at)]
        _, shown, _, _ = _feedback_group(feedback, relationships)
        rows.append(
            MonthRow(
                month=month_label(start),
                requests=sum(month.holds(r.created_at) for r in snapshot.requests),
                matches=sum(
                    step.kind == "accepted" and month.holds(step.at)
                    for steps in snapshot.steps.values()
                    for step in steps
                ),
                meetings=_answered(snapshot, month, DID_YOU_MEET)["yes"],
                feedback=len(feedback),
                mean_usefulness=shown,
                goals_done=sum(month.holds(_goal_done_at(goal)) for goal in snapshot.goals),
            )
        )
    return tuple(rows)

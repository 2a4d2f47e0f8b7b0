"""What one person has done in Rounds, for their App Home."""

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import mean

from bot.identity import PersonRef
from bot.replies import Fields, Part, Strong, note, paragraph
from bot.reports.model import MIN_CONTRIBUTORS
from storage.db import Database
from storage.reports import ReportRepository


@dataclass(frozen=True)
class MentorScore:
    """A mentor's mean usefulness, known only once enough people contributed to it."""

    contributors: int
    mean_usefulness: float | None


@dataclass(frozen=True)
class PersonalSummary:
    is_mentee: bool
    is_mentor: bool
    meetings: int
    people_met: int
    goals_done: int
    mentees_helped: int
    mentee_goals_reached: int
    score: MentorScore | None


def mentor_score(ratings: Iterable[tuple[int, int | None]]) -> MentorScore:
    """Mentees' (mentee id, usefulness) ratings of a mentor; the mean stays hidden below
    three people."""
    rows = list(ratings)
    contributors = len({mentee_id for mentee_id, _ in rows})
    scores = [usefulness for _, usefulness in rows if usefulness is not None]
    shown = mean(scores) if scores and contributors >= MIN_CONTRIBUTORS else None
    return MentorScore(contributors, shown)


def personal_summary(database: Database, ref: PersonRef) -> PersonalSummary | None:
    """Meetings, people met and goals done; for mentors also who they helped and their score."""
    with ReportRepository.reading(database) as reports:
        person = reports.person(ref)
        if person is None or person.id is None or not (person.is_mentee or person.is_mentor):
            return None
        relationships = reports.relationships_of(person.id)
        mentoring = [r for r in relationships if r.mentor_id == person.id]
        counterparts = {
            r.mentee_id if r.mentor_id == person.id else r.mentor_id for r in relationships
        }
        return PersonalSummary(
            is_mentee=person.is_mentee,
            is_mentor=person.is_mentor,
            meetings=reports.meetings_held(r.id for r in relationships if r.id is not None),
            people_met=len(counterparts),
            goals_done=len(reports.goals_done_by(person.id)),
            mentees_helped=len({r.mentee_id for r in mentoring}),
            mentee_goals_reached=len(
                reports.goals_done_in([r.id for r in mentoring if r.id is not None])
            ),
            score=mentor_score(reports.mentee_ratings(person.id)) if person.is_mentor else None,
        )


def personal_summary_parts(summary: PersonalSummary | None) -> tuple[Part, ...]:
    """The App Home section "Your Rounds so far"; nothing for someone not set up yet."""
    if summary is None:
        return ()
    items = [
        ("Meetings held", str(summary.meetings)),
        ("People met", str(summary.people_met)),
    ]
    if summary.is_mentee:
        items.append(("Your goals done", str(summary.goals_done)))
    if summary.is_mentor:
        items += [
            ("Mentees helped", str(summary.mentees_helped)),
            ("Mentees' goals reached", str(summary.mentee_goals_reached)),
        ]
    parts: list[Part] = [paragraph(Strong("Your Rounds so far")), Fields(tuple(items))]
    score = summary.score
    if score is not None and score.mean_usefulness is not None:
        parts.append(
            paragraph(
                f"Mentees rate your help {score.mean_usefulness:.1f} out of 5 on average "
                f"({score.contributors} people)."
            )
        )
    elif score is not None:
        parts.append(
            note(
                f"Your feedback score appears once at least {MIN_CONTRIBUTORS} mentees have "
                "rated their time with you; no one's answer is ever shown on its own."
            )
        )
    return tuple(parts)

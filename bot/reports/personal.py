"""What one person has done in Rounds, for their App Home."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import mean

from sqlmodel import Session, col, select

from bot.identity import PersonRef
from bot.replies import Fields, Part, Strong, note, paragraph
from bot.reports.model import MIN_CONTRIBUTORS
from storage.db import Database
from storage.models import Feedback, Goal, Prompt, Relationship
from storage.people import PersonRepository

DID_YOU_MEET = "did_you_meet"


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


def meetings_held(
    session: Session,
    relationship_ids: Iterable[int],
    since: datetime | None = None,
    until: datetime | None = None,
) -> int:
    """ "Did you meet?" check-ins answered yes, counting a check-in both people answered once."""
    ids = list(relationship_ids)
    if not ids:
        return 0
    prompts = session.exec(
        select(Prompt).where(
            Prompt.kind == DID_YOU_MEET,
            Prompt.subject_type == "relationship",
            col(Prompt.subject_id).in_(ids),
            Prompt.answer == "yes",
        )
    ).all()
    held = {
        (prompt.subject_id, prompt.due_at.date())
        for prompt in prompts
        if prompt.answered_at is not None
        and (since is None or prompt.answered_at >= since)
        and (until is None or prompt.answered_at < until)
    }
    return len(held)


def mentor_score(session: Session, mentor_id: int) -> MentorScore:
    """Mentees' usefulness scores for this mentor; the mean stays hidden below three people."""
    rows = session.exec(
        select(Feedback, Relationship)
        .join(Relationship, col(Relationship.id) == col(Feedback.subject_id))
        .where(
            Feedback.subject_type == "relationship",
            Feedback.role == "mentee",
            Relationship.mentor_id == mentor_id,
        )
    ).all()
    contributors = len({relationship.mentee_id for _, relationship in rows})
    scores = [feedback.usefulness for feedback, _ in rows if feedback.usefulness is not None]
    shown = mean(scores) if scores and contributors >= MIN_CONTRIBUTORS else None
    return MentorScore(contributors, shown)


def personal_summary(database: Database, ref: PersonRef) -> PersonalSummary | None:
    """Meetings, people met and goals done; for mentors also who they helped and their score."""
    with database.read() as session:
        person = PersonRepository(session).find(ref)
        if person is None or person.id is None or not (person.is_mentee or person.is_mentor):
            return None
        relationships = session.exec(
            select(Relationship).where(
                (Relationship.mentee_id == person.id) | (Relationship.mentor_id == person.id)
            )
        ).all()
        mentoring = [r for r in relationships if r.mentor_id == person.id]
        counterparts = {
            r.mentee_id if r.mentor_id == person.id else r.mentor_id for r in relationships
        }
        own_goals_done = session.exec(
            select(Goal).where(Goal.person_id == person.id, Goal.status == "done")
        ).all()
        mentee_goals = (
            session.exec(
                select(Goal).where(
                    col(Goal.relationship_id).in_([r.id for r in mentoring]),
                    Goal.status == "done",
                )
            ).all()
            if mentoring
            else []
        )
        return PersonalSummary(
            is_mentee=person.is_mentee,
            is_mentor=person.is_mentor,
            meetings=meetings_held(session, (r.id for r in relationships if r.id is not None)),
            people_met=len(counterparts),
            goals_done=len(own_goals_done),
            mentees_helped=len({r.mentee_id for r in mentoring}),
            mentee_goals_reached=len(mentee_goals),
            score=mentor_score(session, person.id) if person.is_mentor else None,
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

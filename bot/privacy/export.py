"""`/mentor my-data`: everything Rounds holds about one person, as JSON."""

from datetime import datetime
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import Session, col, or_, select

from bot.identity import PersonRef
from bot.privacy.tables import other_links, plain, row_dict
from bot.reports.model import MIN_CONTRIBUTORS
from bot.reports.personal import mentor_score
from storage.db import Database
from storage.models import (
    Feedback,
    Goal,
    MentoringRequest,
    Person,
    Profile,
    Prompt,
    Relationship,
    RequestStep,
)
from storage.people import PersonRepository

# Internal bookkeeping that says nothing about the person.
LEAVE_OUT = frozenset({"dedupe_key", "attempts", "last_error", "candidates"})


def export_person(database: Database, ref: PersonRef, now: datetime) -> dict[str, Any] | None:
    """A JSON-ready copy of the person's data; None when Rounds holds nothing about them.

    Feedback they wrote is theirs in full; feedback about them appears only as a count and,
    from three people up, an average, as it does everywhere else."""
    with database.read() as session:
        person = PersonRepository(session).find(ref)
        if person is None or person.id is None:
            return None
        person_id = person.id
        return {
            "exported_at": plain(now),
            "about": "Everything Rounds holds about you. Feedback others gave about you is "
            f"included only as totals, and its average only once {MIN_CONTRIBUTORS} or more "
            "people contributed.",
            "person": row_dict(person),
            "profile": _profile(session, person_id),
            "requests": _requests(session, person_id),
            "offers_to_you": [
                row_dict(step, frozenset({"mentor_id"}))
                for step in session.exec(
                    select(RequestStep).where(RequestStep.mentor_id == person_id)
                ).all()
            ],
            "relationships": _relationships(session, person_id),
            "goals": [
                row_dict(goal)
                for goal in session.exec(select(Goal).where(Goal.person_id == person_id)).all()
            ],
            "messages_to_you": [
                row_dict(prompt, LEAVE_OUT)
                for prompt in session.exec(
                    select(Prompt).where(Prompt.person_id == person_id)
                ).all()
            ],
            "feedback_you_gave": [
                row_dict(feedback)
                for feedback in session.exec(
                    select(Feedback).where(Feedback.author_id == person_id)
                ).all()
            ],
            "feedback_about_you": _feedback_about(session, person),
            "other": _other_tables(session, person_id),
        }


def _profile(session: Session, person_id: int) -> dict[str, object] | None:
    profile = session.get(Profile, person_id)
    if profile is None:
        return None
    data = row_dict(profile)
    data["never_pair"] = _user_ids(session, profile.never_pair)
    return data


def _user_ids(session: Session, person_ids: list[int]) -> list[str]:
    if not person_ids:
        return []
    return sorted(session.exec(select(Person.user_id).where(col(Person.id).in_(person_ids))).all())


def _requests(session: Session, person_id: int) -> list[dict[str, object]]:
    requests = session.exec(
        select(MentoringRequest).where(MentoringRequest.mentee_id == person_id)
    ).all()
    exported = []
    for request in requests:
        data = row_dict(request, LEAVE_OUT)
        data["steps"] = [
            {"kind": step.kind, "at": plain(step.at)}
            for step in session.exec(
                select(RequestStep)
                .where(RequestStep.request_id == request.id)
                .order_by(col(RequestStep.at))
            ).all()
        ]
        exported.append(data)
    return exported


def _relationships(session: Session, person_id: int) -> list[dict[str, object]]:
    rows = session.exec(
        select(Relationship).where(
            or_(Relationship.mentor_id == person_id, Relationship.mentee_id == person_id)
        )
    ).all()
    exported = []
    for relationship in rows:
        data = row_dict(relationship, frozenset({"conversation_id"}))
        is_mentor = relationship.mentor_id == person_id
        other = session.get(Person, relationship.mentee_id if is_mentor else relationship.mentor_id)
        data["your_role"] = "mentor" if is_mentor else "mentee"
        data["with"] = other.display_name if other else ""
        exported.append(data)
    return exported


def _feedback_about(session: Session, person: Person) -> dict[str, object]:
    assert person.id is not None
    if not person.is_mentor:
        return {"people": 0, "mean_usefulness": None}
    score = mentor_score(session, person.id)
    return {"people": score.contributors, "mean_usefulness": score.mean_usefulness}


def _other_tables(session: Session, person_id: int) -> dict[str, list[dict[str, object]]]:
    found: dict[str, list[dict[str, object]]] = {}
    for link in other_links():
        rows = session.connection().execute(core_select(link.table).where(link.column == person_id))
        found.setdefault(link.table.name, []).extend(row_dict(row) for row in rows.mappings())
    return {name: rows for name, rows in found.items() if rows}

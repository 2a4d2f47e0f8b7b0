"""`/mentor forget-me`: personal data and free text go; anonymous totals stay.

The person's row stays as an anonymous placeholder so that figures already counted (requests,
meetings, scores) keep adding up; nothing left points to who they were.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, or_, select

from bot.identity import PersonRef
from bot.privacy.tables import free_text_columns, other_links
from storage.db import Database
from storage.models import (
    Feedback,
    Goal,
    MentoringRequest,
    Profile,
    Prompt,
    Relationship,
    RequestStep,
)
from storage.people import PersonRepository

REMOVED = "(removed)"
UNSENT = ("pending", "failed")


def forget_person(database: Database, ref: PersonRef, now: datetime) -> bool:
    """Forget someone in one transaction; False when Rounds held nothing about them."""
    with database.write() as session:
        person = PersonRepository(session).find(ref)
        if person is None or person.id is None:
            return False
        person_id = person.id
        _forget_requests(session, person_id, now)
        relationship_ids = _end_relationships(session, person_id, now)
        session.execute(update(Goal).where(col(Goal.person_id) == person_id).values(text=REMOVED))
        _forget_prompts(session, person_id)
        _forget_feedback(session, person_id, relationship_ids)
        _forget_other_tables(session, person_id)
        session.execute(delete(Profile).where(col(Profile.person_id) == person_id))
        person.user_id = f"forgotten-{person_id}"
        person.display_name = ""
        person.timezone = None
        person.is_mentee = person.is_mentor = person.is_organizer = False
        session.add(person)
    return True


def _forget_requests(session: Session, person_id: int, now: datetime) -> None:
    request_ids = list(
        session.exec(
            select(MentoringRequest.id).where(MentoringRequest.mentee_id == person_id)
        ).all()
    )
    session.execute(
        update(MentoringRequest)
        .where(col(MentoringRequest.mentee_id) == person_id)
        .values(goal=REMOVED)
    )
    session.execute(
        update(MentoringRequest)
        .where(
            col(MentoringRequest.mentee_id) == person_id,
            col(MentoringRequest.closed_at).is_(None),
        )
        .values(status="cancelled", closed_at=now, current_mentor_id=None)
    )
    session.execute(
        update(RequestStep)
        .where(
            or_(
                col(RequestStep.request_id).in_(request_ids),
                col(RequestStep.mentor_id) == person_id,
            )
        )
        .values(reason=None)
    )


def _end_relationships(session: Session, person_id: int, now: datetime) -> list[int]:
    theirs = or_(col(Relationship.mentor_id) == person_id, col(Relationship.mentee_id) == person_id)
    session.execute(update(Relationship).where(theirs).values(conversation_id=None))
    session.execute(
        update(Relationship)
        .where(theirs, col(Relationship.ended_at).is_(None))
        .values(ended_at=now, end_reason="forgotten")
    )
    return [i for i in session.exec(select(Relationship.id).where(theirs)).all() if i]


def _forget_prompts(session: Session, person_id: int) -> None:
    mine = col(Prompt.person_id) == person_id
    session.execute(delete(Prompt).where(mine, col(Prompt.status).in_(UNSENT)))
    for prompt in session.exec(select(Prompt).where(mine)).all():
        # Keys may embed who a prompt was for; a neutral key still keeps them unique.
        prompt.dedupe_key = f"forgotten:{prompt.id}"
        prompt.last_error = None
        session.add(prompt)


def _forget_feedback(session: Session, person_id: int, relationship_ids: list[int]) -> None:
    session.execute(
        update(Feedback)
        .where(col(Feedback.author_id) == person_id)
        .values(author_id=None, comment=None)
    )
    # What others wrote about them may name them; the scores stay, the words go.
    session.execute(
        update(Feedback)
        .where(
            col(Feedback.subject_type) == "relationship",
            col(Feedback.subject_id).in_(relationship_ids),
        )
        .values(comment=None)
    )


def _forget_other_tables(session: Session, person_id: int) -> None:
    for link in other_links():
        blanks: dict[str, Any] = {
            column.name: None if column.nullable else REMOVED
            for column in free_text_columns(link.table)
        }
        if blanks:
            session.execute(update(link.table).where(link.column == person_id).values(**blanks))

"""Which tables hold something about a person, and the reads and writes behind a copy of
their data, forget-me, and free-text retention.

Tables that features add later (coffee rounds, events) are covered as soon as they declare a
foreign key to person.id, without this module knowing them by name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, String, Table, Text, delete, func, update
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, or_, select

import storage.models  # noqa: F401  (every table must be in the metadata before walking it)
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
from storage.people import PersonKey, PersonRepository
from storage.reports import ReportRepository
from storage.repository import Repository

#: What replaces free text that must keep a value.
REMOVED = "(removed)"
UNSENT = ("pending", "failed")
PERSON_TABLE = "person"
#: Columns this long or longer (or unbounded) hold what people typed, not codes.
FREE_TEXT_LENGTH = 200
#: Tables whose rows about a person the export and forget-me treat one by one.
KNOWN_TABLES = frozenset(
    {
        "person",
        "profile",
        "mentoring_request",
        "request_step",
        "relationship",
        "goal",
        "prompt",
        "feedback",
    }
)


@dataclass(frozen=True)
class PersonLink:
    table: Table
    column: Column[Any]


def person_links() -> Iterator[PersonLink]:
    """Every (table, column) that refers to person.id, in dependency order."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(
                fk.column.table.name == PERSON_TABLE and fk.column.name == "id"
                for fk in column.foreign_keys
            ):
                yield PersonLink(table, column)


def other_links() -> list[PersonLink]:
    return [link for link in person_links() if link.table.name not in KNOWN_TABLES]


def free_text_columns(table: Table) -> list[Column[Any]]:
    """Columns that hold typed text: unbounded, or long enough for a sentence."""
    columns = []
    for column in table.columns:
        if column.primary_key or column.foreign_keys or isinstance(column.type, JSON):
            continue
        if isinstance(column.type, Text) or (
            isinstance(column.type, String)
            and (column.type.length is None or column.type.length >= FREE_TEXT_LENGTH)
        ):
            columns.append(column)
    return columns


class PrivacyRepository(Repository):
    """Everything about one person, found, copied or blanked inside one unit of work."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.reports = ReportRepository(session)

    # --- the copy -----------------------------------------------------------------------

    def person(self, key: PersonKey) -> Person | None:
        return PersonRepository(self._session).find(key)

    def person_by_id(self, person_id: int) -> Person | None:
        return self._session.get(Person, person_id)

    def profile(self, person_id: int) -> Profile | None:
        return self._session.get(Profile, person_id)

    def user_ids(self, person_ids: list[int]) -> list[str]:
        return sorted(PersonRepository(self._session).user_ids(person_ids).values())

    def requests_of(self, mentee_id: int) -> Sequence[MentoringRequest]:
        return self._session.exec(
            select(MentoringRequest).where(MentoringRequest.mentee_id == mentee_id)
        ).all()

    def steps_of(self, request_id: int | None) -> Sequence[RequestStep]:
        return self._session.exec(
            select(RequestStep)
            .where(RequestStep.request_id == request_id)
            .order_by(col(RequestStep.at))
        ).all()

    def offers_to(self, mentor_id: int) -> Sequence[RequestStep]:
        return self._session.exec(
            select(RequestStep).where(RequestStep.mentor_id == mentor_id)
        ).all()

    def goals_of(self, person_id: int) -> Sequence[Goal]:
        return self._session.exec(select(Goal).where(Goal.person_id == person_id)).all()

    def prompts_to(self, person_id: int) -> Sequence[Prompt]:
        return self._session.exec(select(Prompt).where(Prompt.person_id == person_id)).all()

    def feedback_by(self, author_id: int) -> Sequence[Feedback]:
        return self._session.exec(select(Feedback).where(Feedback.author_id == author_id)).all()

    def rows_in_other_tables(self, person_id: int) -> dict[str, list[dict[str, Any]]]:
        """Rows about the person in tables features added, by table name; empty ones left out."""
        found: dict[str, list[dict[str, Any]]] = {}
        for link in other_links():
            rows = self._session.connection().execute(
                core_select(link.table).where(link.column == person_id)
            )
            found.setdefault(link.table.name, []).extend(dict(row) for row in rows.mappings())
        return {name: rows for name, rows in found.items() if rows}

    # --- forget-me ----------------------------------------------------------------------

    def forget_requests(self, mentee_id: int, now: datetime) -> None:
        """Blank their requests' goals and the reasons around them; cancel what is open."""
        request_ids = [request.id for request in self.requests_of(mentee_id)]
        theirs = col(MentoringRequest.mentee_id) == mentee_id
        self._execute(update(MentoringRequest).where(theirs).values(goal=REMOVED))
        self._execute(
            update(MentoringRequest)
            .where(theirs, col(MentoringRequest.closed_at).is_(None))
            .values(status="cancelled", closed_at=now, current_mentor_id=None)
        )
        self._execute(
            update(RequestStep)
            .where(
                or_(
                    col(RequestStep.request_id).in_(request_ids),
                    col(RequestStep.mentor_id) == mentee_id,
                )
            )
            .values(reason=None)
        )

    def end_relationships(self, person_id: int, now: datetime) -> list[int]:
        """End the person's relationships and drop their conversations; returns their ids."""
        theirs = or_(
            col(Relationship.mentor_id) == person_id, col(Relationship.mentee_id) == person_id
        )
        self._execute(update(Relationship).where(theirs).values(conversation_id=None))
        self._execute(
            update(Relationship)
            .where(theirs, col(Relationship.ended_at).is_(None))
            .values(ended_at=now, end_reason="forgotten")
        )
        return [i for i in self._session.exec(select(Relationship.id).where(theirs)).all() if i]

    def blank_goals(self, person_id: int) -> None:
        self._execute(update(Goal).where(col(Goal.person_id) == person_id).values(text=REMOVED))

    def forget_prompts(self, person_id: int, user_id: str) -> None:
        """Unsent messages to them or about them go (a nudge that quotes their goal, say);
        sent ones stay for the figures, with nothing that names them."""
        mine = col(Prompt.person_id) == person_id
        self._execute(delete(Prompt).where(mine, col(Prompt.status).in_(UNSENT)))
        waiting = select(Prompt).where(col(Prompt.status).in_(UNSENT))
        for prompt in self._session.exec(waiting).all():
            if person_id in (prompt.group_person_ids or ()) or _names(prompt.payload, user_id):
                self._session.delete(prompt)
        for prompt in self._session.exec(select(Prompt).where(mine)).all():
            # Keys may embed who a prompt was for; a neutral key still keeps them unique.
            prompt.dedupe_key = f"forgotten:{prompt.id}"
            prompt.last_error = None
            self._session.add(prompt)

    def forget_feedback(self, person_id: int, relationship_ids: list[int]) -> None:
        """Their feedback loses its author and words; words others wrote about them go too."""
        self._execute(
            update(Feedback)
            .where(col(Feedback.author_id) == person_id)
            .values(author_id=None, comment=None)
        )
        self._execute(
            update(Feedback)
            .where(
                col(Feedback.subject_type) == "relationship",
                col(Feedback.subject_id).in_(relationship_ids),
            )
            .values(comment=None)
        )

    def blank_other_tables(self, person_id: int) -> None:
        for link in other_links():
            blanks: dict[str, Any] = {
                column.name: None if column.nullable else REMOVED
                for column in free_text_columns(link.table)
            }
            if blanks:
                self._execute(update(link.table).where(link.column == person_id).values(**blanks))

    def delete_profile(self, person_id: int) -> None:
        self._execute(delete(Profile).where(col(Profile.person_id) == person_id))

    def make_anonymous(self, person: Person) -> None:
        """Keep the row, so figures already counted add up, with nothing of who they were."""
        person.user_id = f"forgotten-{person.id}"
        person.display_name = ""
        person.timezone = None
        person.is_mentee = person.is_mentor = person.is_organizer = False
        self._session.add(person)

    # --- retention ----------------------------------------------------------------------

    def blank_free_text_before(self, cutoff: datetime) -> int:
        """Blank feedback comments, finished goals, closed requests' goals and step reasons
        older than ``cutoff``; returns how many fields were blanked."""
        return sum(
            self._execute(statement)
            for statement in (
                update(Feedback)
                .where(col(Feedback.created_at) < cutoff, col(Feedback.comment).is_not(None))
                .values(comment=None),
                update(Goal)
                .where(
                    col(Goal.status) != "open",
                    func.coalesce(col(Goal.completed_at), col(Goal.created_at)) < cutoff,
                    col(Goal.text) != REMOVED,
                )
                .values(text=REMOVED),
                update(MentoringRequest)
                .where(
                    col(MentoringRequest.closed_at) < cutoff,
                    col(MentoringRequest.goal) != REMOVED,
                )
                .values(goal=REMOVED),
                update(RequestStep)
                .where(col(RequestStep.at) < cutoff, col(RequestStep.reason).is_not(None))
                .values(reason=None),
            )
        )

    def _execute(self, statement: Any) -> int:
        return int(self._session.connection().execute(statement).rowcount or 0)


def _names(payload: Any, user_id: str) -> bool:
    """Whether a queued message mentions ``user_id`` anywhere in it."""
    if isinstance(payload, dict):
        return payload.get("user_id") == user_id or any(
            _names(value, user_id) for value in payload.values()
        )
    if isinstance(payload, list):
        return any(_names(value, user_id) for value in payload)
    return False

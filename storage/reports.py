"""What the program report and personal summaries read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlmodel import Session, SQLModel, and_, col, or_, select

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
from storage.repository import Repository

DID_YOU_MEET = "did_you_meet"
RowT = TypeVar("RowT", bound=SQLModel)


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


@dataclass(frozen=True)
class ProgramRows:
    """Every row of the mentoring program, as the program report reads it."""

    people: Sequence[Person]
    profiles: Sequence[Profile]
    requests: Sequence[MentoringRequest]
    steps: Sequence[RequestStep]
    relationships: Sequence[Relationship]
    goals: Sequence[Goal]
    prompts: Sequence[Prompt]
    feedback: Sequence[Feedback]


class ReportRepository(Repository):
    """Reads for reports inside one (read) unit of work."""

    def program_rows(self, workspace_id: str | None = None) -> ProgramRows:
        """Every row of the program, or only those of one workspace's people."""
        if workspace_id is not None:
            return self._workspace_rows(workspace_id)
        return ProgramRows(
            people=self._every(Person),
            profiles=self._every(Profile),
            requests=self._every(MentoringRequest),
            steps=self._every(RequestStep),
            relationships=self._every(Relationship),
            goals=self._every(Goal),
            prompts=self._every(Prompt),
            feedback=self._every(Feedback),
        )

    def _every(self, table: type[RowT]) -> Sequence[RowT]:
        return self._session.exec(select(table)).all()

    def _workspace_rows(self, workspace_id: str) -> ProgramRows:
        members = select(Person.id).where(Person.workspace_id == workspace_id)
        requests = select(MentoringRequest.id).where(col(MentoringRequest.mentee_id).in_(members))
        relationships = select(Relationship.id).where(col(Relationship.mentee_id).in_(members))
        exec_ = self._session.exec
        return ProgramRows(
            people=exec_(select(Person).where(Person.workspace_id == workspace_id)).all(),
            profiles=exec_(select(Profile).where(col(Profile.person_id).in_(members))).all(),
            requests=exec_(
                select(MentoringRequest).where(col(MentoringRequest.mentee_id).in_(members))
            ).all(),
            steps=exec_(select(RequestStep).where(col(RequestStep.request_id).in_(requests))).all(),
            relationships=exec_(
                select(Relationship).where(col(Relationship.mentee_id).in_(members))
            ).all(),
            goals=exec_(select(Goal).where(col(Goal.person_id).in_(members))).all(),
            prompts=exec_(
                select(Prompt).where(
                    or_(col(Prompt.person_id).in_(members), Prompt.workspace_id == workspace_id)
                )
            ).all(),
            feedback=exec_(
                select(Feedback).where(
                    or_(
                        col(Feedback.author_id).in_(members),
                        and_(
                            Feedback.subject_type == "relationship",
                            col(Feedback.subject_id).in_(relationships),
                        ),
                    )
                )
            ).all(),
        )

    # --- one person ---------------------------------------------------------------------

    def person(self, key: PersonKey) -> Person | None:
        return PersonRepository(self._session).find(key)

    def relationships_of(self, person_id: int) -> Sequence[Relationship]:
        """Relationships the person is in, as mentor or as mentee."""
        return self._session.exec(
            select(Relationship).where(
                or_(Relationship.mentee_id == person_id, Relationship.mentor_id == person_id)
            )
        ).all()

    def goals_done_by(self, person_id: int) -> Sequence[Goal]:
        return self._session.exec(
            select(Goal).where(Goal.person_id == person_id, Goal.status == "done")
        ).all()

    def goals_done_in(self, relationship_ids: list[int]) -> Sequence[Goal]:
        if not relationship_ids:
            return []
        return self._session.exec(
            select(Goal).where(
                col(Goal.relationship_id).in_(relationship_ids), Goal.status == "done"
            )
        ).all()

    def meetings_held(self, relationship_ids: Iterable[int]) -> int:
        return meetings_held(self._session, relationship_ids)

    def mentee_ratings(self, mentor_id: int) -> list[tuple[int, int | None]]:
        """(mentee id, usefulness) for each piece of feedback mentees gave this mentor."""
        rows = self._session.exec(
            select(Relationship.mentee_id, Feedback.usefulness)
            .select_from(Feedback)
            .join(Relationship, col(Relationship.id) == col(Feedback.subject_id))
            .where(
                Feedback.subject_type == "relationship",
                Feedback.role == "mentee",
                Relationship.mentor_id == mentor_id,
            )
        ).all()
        return [(mentee_id, usefulness) for mentee_id, usefulness in rows]

"""Cohort drafts: who still needs a mentor, and the drafts an organizer publishes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from storage.models import CohortDraft, Person, Profile, Relationship
from storage.people import PersonRepository
from storage.profiles import ProfileRepository
from storage.repository import Repository
from storage.requests import RelationshipRepository


class DraftStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    DISCARDED = "discarded"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class MenteeRules:
    """What a draft's hard rules read of a mentee still waiting: who they are and whom they
    asked never to be paired with."""

    person_id: int
    never_pair: tuple[int, ...]


class CohortRepository(Repository):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.people = PersonRepository(session)
        self.profiles = ProfileRepository(session)
        self.relationships = RelationshipRepository(session)

    def unmatched_mentees(self, workspace_id: str) -> list[tuple[Person, Profile | None]]:
        """Mentees of the workspace with no open relationship, with their profiles."""
        rows = self._session.exec(_unmatched(select(Person, Profile), workspace_id))
        return list(rows.all())

    def unmatched_mentee_rules(self, workspace_id: str) -> list[MenteeRules]:
        """The same mentees as plain rows of what the hard rules check: quick enough to read
        with the write lock held."""
        rows = self._session.exec(
            _unmatched(select(Person.id, Profile.never_pair), workspace_id)
        ).all()
        return [MenteeRules(int(person_id), tuple(never or ())) for person_id, never in rows]

    def replace_open_drafts(
        self, workspace_id: str, created_by: int | None, pairs: list[list[int]], at: datetime
    ) -> int:
        """Store a new draft; earlier open drafts of the workspace can no longer be published."""
        for older in self._session.exec(
            select(CohortDraft).where(
                CohortDraft.workspace_id == workspace_id, CohortDraft.status == DraftStatus.DRAFT
            )
        ).all():
            older.status = DraftStatus.SUPERSEDED
        draft = CohortDraft(
            workspace_id=workspace_id, created_by=created_by, pairs=pairs, created_at=at
        )
        self._session.add(draft)
        self._session.flush()
        assert draft.id is not None
        return draft.id

    def draft(self, draft_id: int) -> CohortDraft | None:
        return self._session.get(CohortDraft, draft_id)


def _unmatched(query: Any, workspace_id: str) -> Any:
    with_mentor = select(Relationship.mentee_id).where(col(Relationship.ended_at).is_(None))
    return (
        query.join(Profile, col(Profile.person_id) == col(Person.id), isouter=True)
        .where(
            col(Person.is_mentee).is_(True),
            Person.workspace_id == workspace_id,
            col(Person.id).not_in(with_mentor),
        )
        .order_by(col(Person.id))
    )

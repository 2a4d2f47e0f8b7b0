"""Reads for mentoring that lasts: sensitive asks, mentoring teams, fit checks, surveys."""

from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.models import (
    MentoringAgreement,
    MentoringRequest,
    OutcomeSurvey,
    Person,
    Profile,
    Prompt,
    Relationship,
)
from storage.prompts import PromptRepository
from storage.repository import Repository


def _members(workspace_id: str) -> SelectOfScalar[int | None]:
    return select(col(Person.id)).where(Person.workspace_id == workspace_id)


class LastingRepository(Repository):
    @property
    def prompts(self) -> PromptRepository:
        return PromptRepository(self._session)

    def prompt(self, prompt_id: int) -> Prompt | None:
        return self._session.get(Prompt, prompt_id)

    def person(self, person_id: int) -> Person | None:
        return self._session.get(Person, person_id)

    def relationship(self, relationship_id: int) -> Relationship | None:
        return self._session.get(Relationship, relationship_id)

    def request_of(self, relationship: Relationship) -> MentoringRequest | None:
        if relationship.request_id is None:
            return None
        return self._session.get(MentoringRequest, relationship.request_id)

    def answer_counts(
        self, kind: str, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> dict[str, int]:
        """How many prompts of ``kind`` were answered each way in the period."""
        query = select(Prompt.answer, func.count()).where(
            Prompt.kind == kind,
            col(Prompt.answered_at).is_not(None),
            col(Prompt.answered_at) >= since,
            col(Prompt.answered_at) < until,
        )
        if workspace_id is not None:
            query = query.where(col(Prompt.person_id).in_(_members(workspace_id)))
        rows = self._session.exec(query.group_by(col(Prompt.answer))).all()
        return {str(answer): int(count) for answer, count in rows}

    def sensitive_requests(
        self, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> int:
        query = select(func.count()).where(
            col(MentoringRequest.sensitive).is_(True),
            MentoringRequest.created_at >= since,
            MentoringRequest.created_at < until,
        )
        if workspace_id is not None:
            query = query.where(col(MentoringRequest.mentee_id).in_(_members(workspace_id)))
        return int(self._session.exec(query).one())

    def team_of(self, mentee_id: int) -> list[tuple[str, str | None]]:
        """(mentor user id, the kind of mentor asked for) for each open relationship."""
        rows = self._session.exec(
            select(Person.user_id, MentoringRequest.mentoring_role)
            .select_from(Relationship)
            .join(Person, col(Person.id) == col(Relationship.mentor_id))
            .join(
                MentoringRequest,
                col(MentoringRequest.id) == col(Relationship.request_id),
                isouter=True,
            )
            .where(Relationship.mentee_id == mentee_id, col(Relationship.ended_at).is_(None))
            .order_by(col(Relationship.started_at))
        ).all()
        return [(user_id, role) for user_id, role in rows]

    def roles_covered(
        self, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> list[tuple[int, str | None]]:
        """(mentee id, kind of mentor) of relationships open at some point in the period."""
        query = (
            select(Relationship.mentee_id, MentoringRequest.mentoring_role)
            .select_from(Relationship)
            .join(
                MentoringRequest,
                col(MentoringRequest.id) == col(Relationship.request_id),
                isouter=True,
            )
            .where(
                Relationship.started_at < until,
                (col(Relationship.ended_at).is_(None)) | (col(Relationship.ended_at) >= since),
            )
        )
        if workspace_id is not None:
            query = query.where(col(Relationship.mentee_id).in_(_members(workspace_id)))
        rows = self._session.exec(query).all()
        return [(mentee_id, role) for mentee_id, role in rows]

    def surveys(
        self, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> list[tuple[OutcomeSurvey, str | None]]:
        """Survey answers given in the period, with the mentee's career stage."""
        query = (
            select(OutcomeSurvey, Profile.career_stage)
            .join(Relationship, col(Relationship.id) == col(OutcomeSurvey.relationship_id))
            .join(Profile, col(Profile.person_id) == col(Relationship.mentee_id), isouter=True)
            .where(OutcomeSurvey.answered_at >= since, OutcomeSurvey.answered_at < until)
        )
        if workspace_id is not None:
            query = query.where(col(OutcomeSurvey.person_id).in_(_members(workspace_id)))
        rows = self._session.exec(query).all()
        return [(survey, stage) for survey, stage in rows]

    def self_described(self, person_ids: set[int]) -> dict[int, str]:
        """The group each of these people chose to describe themselves by, if any."""
        if not person_ids:
            return {}
        rows = self._session.exec(
            select(Profile.person_id, Profile.self_described).where(
                col(Profile.person_id).in_(list(person_ids)),
                col(Profile.self_described).is_not(None),
            )
        ).all()
        return {int(pid): str(group) for pid, group in rows if group}

    def mentor_loads(self, workspace_id: str | None = None) -> list[tuple[str, int]]:
        """(mentor's name, open relationships) for every mentor with at least one."""
        query = (
            select(Person.display_name, func.count())
            .select_from(Relationship)
            .join(Person, col(Person.id) == col(Relationship.mentor_id))
            .where(col(Relationship.ended_at).is_(None))
        )
        if workspace_id is not None:
            query = query.where(Person.workspace_id == workspace_id)
        rows = self._session.exec(query.group_by(col(Person.id), col(Person.display_name))).all()
        return [(name or "a mentor", int(count)) for name, count in rows]

    def agreement(self, relationship_id: int) -> MentoringAgreement | None:
        return self._session.get(MentoringAgreement, relationship_id)

    def save_agreement(self, agreement: MentoringAgreement) -> None:
        self._session.add(agreement)
        self._session.flush()

    def active_mentor_ids(self) -> list[int]:
        """Mentors open to mentees (a free or taken slot), oldest first."""
        rows = self._session.exec(
            select(Person.id)
            .join(Profile, col(Profile.person_id) == col(Person.id))
            .where(col(Person.is_mentor).is_(True), Profile.capacity > 0)
            .order_by(col(Person.id))
        ).all()
        return [int(person_id) for person_id in rows if person_id is not None]

    def answered_with(self, kind: str, answer: str) -> set[int]:
        """People who answered a prompt of ``kind`` with ``answer`` at least once."""
        rows = self._session.exec(
            select(Prompt.person_id).where(Prompt.kind == kind, Prompt.answer == answer)
        ).all()
        return {int(person_id) for person_id in rows if person_id is not None}

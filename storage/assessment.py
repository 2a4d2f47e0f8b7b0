"""Evaluative roles: who assesses which trainees, read as plain rows for the one rule."""

from collections.abc import Iterable, Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import EvaluativeRole, Person, Profile


class AssessmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def roles_in(self, workspace_id: str) -> list[EvaluativeRole]:
        return list(
            self.session.exec(
                select(EvaluativeRole)
                .join(Person, col(Person.id) == col(EvaluativeRole.evaluator_id))
                .where(Person.workspace_id == workspace_id)
                .order_by(col(EvaluativeRole.id))
            ).all()
        )

    def roles_of(self, evaluator_id: int) -> list[EvaluativeRole]:
        return list(
            self.session.exec(
                select(EvaluativeRole)
                .where(EvaluativeRole.evaluator_id == evaluator_id)
                .order_by(col(EvaluativeRole.id))
            ).all()
        )

    def roles_about(self, person_id: int) -> list[EvaluativeRole]:
        """Every row naming this person, as evaluator or as the trainee assessed."""
        return list(
            self.session.exec(
                select(EvaluativeRole).where(
                    (EvaluativeRole.evaluator_id == person_id)
                    | (EvaluativeRole.mentee_id == person_id)
                )
            ).all()
        )

    def replace_roles(self, evaluator_id: int, rows: Sequence[EvaluativeRole]) -> None:
        self.session.connection().execute(
            delete(EvaluativeRole).where(col(EvaluativeRole.evaluator_id) == evaluator_id)
        )
        self.session.add_all(rows)
        self.session.flush()

    def delete_about(self, person_id: int) -> None:
        self.session.connection().execute(
            delete(EvaluativeRole).where(
                (col(EvaluativeRole.evaluator_id) == person_id)
                | (col(EvaluativeRole.mentee_id) == person_id)
            )
        )

    def standing(self, person_ids: Iterable[int]) -> list[tuple[int, str | None, str | None]]:
        """(person id, department, career stage) of each person, for deciding who is assessed."""
        ids = list(person_ids)
        if not ids:
            return []
        rows = self.session.exec(
            select(Person.id, Profile.department, Profile.career_stage)
            .join(Profile, col(Profile.person_id) == col(Person.id), isouter=True)
            .where(col(Person.id).in_(ids))
        ).all()
        return [(int(person_id or 0), department, stage) for person_id, department, stage in rows]

    def standing_in(self, workspace_id: str) -> list[tuple[int, str | None, str | None]]:
        """(person id, department, career stage) of everyone in the workspace."""
        rows = self.session.exec(
            select(Person.id, Profile.department, Profile.career_stage)
            .join(Profile, col(Profile.person_id) == col(Person.id), isouter=True)
            .where(Person.workspace_id == workspace_id)
        ).all()
        return [(int(person_id or 0), department, stage) for person_id, department, stage in rows]

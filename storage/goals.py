"""Goals mentees work on, and the mentoring relationship each belongs to."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from storage.models import Goal, Person
from storage.people import PersonKey, PersonRepository
from storage.repository import Repository
from storage.requests import RelationshipRepository


class GoalStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


class GoalRepository(Repository):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.people = PersonRepository(session)
        self._relationships = RelationshipRepository(session)

    def of_person(self, person_id: int) -> list[Goal]:
        """Every goal of the person, oldest first."""
        return list(
            self._session.exec(
                select(Goal).where(Goal.person_id == person_id).order_by(col(Goal.id))
            ).all()
        )

    def add_for_mentee(
        self, mentee: Person, text: str, target_date: date | None, at: datetime
    ) -> Goal:
        """A new goal, tied to the mentee's newest open relationship if they have one."""
        assert mentee.id is not None
        relationship = self._relationships.newest_open_as_mentee(mentee.id)
        goal = Goal(
            person_id=mentee.id,
            relationship_id=relationship.id if relationship else None,
            text=text,
            target_date=target_date,
            created_at=at,
        )
        self._session.add(goal)
        return goal

    def get(self, goal_id: int) -> Goal | None:
        return self._session.get(Goal, goal_id)

    def open_in_relationship(self, relationship_id: int | None) -> list[Goal]:
        """The relationship's open goals, oldest first."""
        return list(
            self._session.exec(
                select(Goal)
                .where(Goal.relationship_id == relationship_id, Goal.status == GoalStatus.OPEN)
                .order_by(col(Goal.id))
            ).all()
        )

    def attach_loose_goals(self, mentee_id: int, relationship_id: int) -> None:
        """The mentee's open goals that belong to no relationship join this one."""
        loose = self._session.exec(
            select(Goal).where(
                Goal.person_id == mentee_id,
                col(Goal.relationship_id).is_(None),
                Goal.status == GoalStatus.OPEN,
            )
        ).all()
        for goal in loose:
            goal.relationship_id = relationship_id

    @staticmethod
    def mark_done(goal: Goal, at: datetime) -> None:
        goal.status, goal.completed_at = GoalStatus.DONE, at

    def own_goal(self, owner: PersonKey, goal_id: int) -> Goal | None:
        """The goal, if it belongs to this person."""
        person = self.people.find(owner)
        goal = self._session.get(Goal, goal_id)
        if person is None or goal is None or goal.person_id != person.id:
            return None
        return goal

    def open_goals_of_mentees(self, mentor_id: int) -> list[tuple[str, list[Goal]]]:
        """Each current mentee's user id with the open goals of that relationship."""
        shown = []
        for relationship in self._relationships.open_as_mentor(mentor_id):
            mentee = self.people.get(relationship.mentee_id)
            if mentee is not None:
                shown.append((mentee.user_id, self.open_in_relationship(relationship.id)))
        return shown

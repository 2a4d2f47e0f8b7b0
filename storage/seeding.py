"""Rows written straight into the tables, for the sample program the demo and tests play."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import SQLModel, col, select

from storage.models import MentoringRequest, Person, Profile, Relationship
from storage.people import PersonKey, PersonRepository
from storage.profiles import ProfileRepository
from storage.repository import Repository

RowT = TypeVar("RowT", bound=SQLModel)


class SeedRepository(Repository):
    """Adds rows inside one unit of work, each flushed at once so it has its id."""

    def add(self, row: RowT) -> RowT:
        self._session.add(row)
        self._session.flush()
        return row

    def person(self, key: PersonKey) -> Person:
        return PersonRepository(self._session).get_or_create(key)

    def profile(self, person_id: int) -> Profile:
        return ProfileRepository(self._session).get_or_create(person_id)

    def request(self, request_id: int) -> MentoringRequest | None:
        return self._session.get(MentoringRequest, request_id)

    def open_relationship(self, mentor_id: int, mentee_id: int) -> Relationship | None:
        """The pair's current relationship, when the database already holds one."""
        return self._session.exec(
            select(Relationship).where(
                Relationship.mentor_id == mentor_id,
                Relationship.mentee_id == mentee_id,
                col(Relationship.ended_at).is_(None),
            )
        ).first()

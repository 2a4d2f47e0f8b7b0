import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, cast, func
from sqlmodel import Session, col, select

from storage.models import Person, Profile, Relationship


@dataclass(frozen=True, slots=True)
class MentorRow:
    """What matching reads of a mentor's profile, as plain data: ranking reads every mentor on
    each request, and full ORM rows cost several times the ranking itself."""

    person_id: int
    career_stage: str | None
    specialty: str | None
    subspecialty: str | None
    topics: tuple[str, ...]
    about: str
    department: str | None
    languages: tuple[str, ...]
    capacity: int
    chats_per_month: int
    paused_until: date | None
    never_pair: tuple[int, ...]


_LISTS = frozenset({"topics", "languages", "never_pair"})
# The list columns are read as their stored JSON text, so that a row read before is
# recognised as it was stored and decoded only once.
_MENTOR_COLUMNS = tuple(
    cast(getattr(Profile, name), Text) if name in _LISTS else getattr(Profile, name)
    for name in MentorRow.__slots__
)
_LIST_POSITIONS = tuple(i for i, name in enumerate(MentorRow.__slots__) if name in _LISTS)
# Comfortably more mentors than any one program has; each kept row is a few hundred bytes.
MENTOR_ROWS_KEPT = 50_000


@lru_cache(maxsize=MENTOR_ROWS_KEPT)
def _mentor_row(stored: tuple[Any, ...]) -> MentorRow:
    values = list(stored)
    for position in _LIST_POSITIONS:
        values[position] = tuple(json.loads(values[position] or "[]"))
    return MentorRow(*values)


class ProfileRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def for_person(self, person_id: int) -> Profile | None:
        return self.session.get(Profile, person_id)

    def for_person_locked(self, person_id: int) -> Profile | None:
        """The profile row, locked until the transaction ends (so capacity checks serialize)."""
        return self.session.exec(
            select(Profile).where(Profile.person_id == person_id).with_for_update()
        ).first()

    def get_or_create(self, person_id: int) -> Profile:
        profile = self.session.get(Profile, person_id)
        if profile is None:
            profile = Profile(person_id=person_id)
            self.session.add(profile)
            self.session.flush()
        return profile

    def mentors(self, workspace_id: str | None = None) -> list[MentorRow]:
        """Every mentor, or only those of one workspace."""
        query = (
            select(*_MENTOR_COLUMNS)
            .join(Person, col(Profile.person_id) == col(Person.id))
            .where(col(Person.is_mentor).is_(True))
            .order_by(col(Person.id))
        )
        if workspace_id is not None:
            query = query.where(Person.workspace_id == workspace_id)
        rows = self.session.connection().execute(query)
        return [_mentor_row(tuple(row)) for row in rows]

    def mentor_workspaces(self) -> list[str]:
        """The workspaces with at least one mentor."""
        query = (
            select(Person.workspace_id)
            .where(col(Person.is_mentor).is_(True))
            .distinct()
            .order_by(col(Person.workspace_id))
        )
        return list(self.session.exec(query).all())

    def active_mentee_counts(self, mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
        query = (
            select(Relationship.mentor_id, func.count())
            .where(col(Relationship.ended_at).is_(None))
            .group_by(col(Relationship.mentor_id))
        )
        if mentor_ids is not None:
            query = query.where(col(Relationship.mentor_id).in_(list(mentor_ids)))
        return {mentor_id: count for mentor_id, count in self.session.exec(query).all()}

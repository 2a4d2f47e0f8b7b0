from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
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
    topics: list[str]
    about: str
    department: str | None
    languages: list[str]
    capacity: int
    chats_per_month: int
    paused_until: date | None
    never_pair: list[int]


_MENTOR_COLUMNS = tuple(getattr(Profile, name) for name in MentorRow.__slots__)


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
        return [MentorRow(*row) for row in rows]

    def active_mentee_counts(self, mentor_ids: Iterable[int] | None = None) -> dict[int, int]:
        query = (
            select(Relationship.mentor_id, func.count())
            .where(col(Relationship.ended_at).is_(None))
            .group_by(col(Relationship.mentor_id))
        )
        if mentor_ids is not None:
            query = query.where(col(Relationship.mentor_id).in_(list(mentor_ids)))
        return {mentor_id: count for mentor_id, count in self.session.exec(query).all()}

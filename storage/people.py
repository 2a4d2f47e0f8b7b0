from collections.abc import Iterable, Sequence
from typing import Protocol

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.models import Person


class PersonKey(Protocol):
    @property
    def platform(self) -> str: ...
    @property
    def workspace_id(self) -> str: ...
    @property
    def user_id(self) -> str: ...


class PersonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, key: PersonKey) -> Person | None:
        return self.session.exec(
            select(Person).where(
                Person.platform == key.platform,
                Person.workspace_id == key.workspace_id,
                Person.user_id == key.user_id,
            )
        ).first()

    def get(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def many(self, person_ids: Iterable[int]) -> dict[int, Person]:
        ids = list(set(person_ids))
        if not ids:
            return {}
        rows = self.session.exec(select(Person).where(col(Person.id).in_(ids))).all()
        return {person.id or 0: person for person in rows}

    def user_ids(self, person_ids: Iterable[int]) -> dict[int, str]:
        return {person_id: person.user_id for person_id, person in self.many(person_ids).items()}

    def user_ids_in_order(self, person_ids: Sequence[int]) -> tuple[str, ...]:
        """The user ids of these people in the order given, leaving out anyone gone."""
        by_id = self.user_ids(set(person_ids))
        return tuple(by_id[person_id] for person_id in person_ids if person_id in by_id)

    def get_or_create(self, key: PersonKey) -> Person:
        """The person's row, inserted first if needed; safe when two actions race."""
        person = self.find(key)
        if person is not None:
            return person
        dialect = self.session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        self.session.connection().execute(
            insert(Person)
            .values(platform=key.platform, workspace_id=key.workspace_id, user_id=key.user_id)
            .on_conflict_do_nothing()
        )
        person = self.find(key)
        assert person is not None
        return person

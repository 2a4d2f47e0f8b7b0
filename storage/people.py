from sqlmodel import Session, select

from bot.identity import PersonRef
from storage.models import Person


class PersonRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, ref: PersonRef) -> Person | None:
        return self.session.exec(
            select(Person).where(
                Person.platform == ref.platform,
                Person.workspace_id == ref.workspace_id,
                Person.user_id == ref.user_id,
            )
        ).first()

    def get_or_create(self, ref: PersonRef) -> Person:
        person = self.find(ref)
        if person is None:
            person = Person(platform=ref.platform, workspace_id=ref.workspace_id, user_id=ref.user_id)
            self.session.add(person)
            self.session.flush()
        return person

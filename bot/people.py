from dataclasses import dataclass

from bot.identity import PersonRef
from bot.settings import entries_in
from storage.db import Database
from storage.models import Person
from storage.people import PersonRepository


@dataclass(frozen=True)
class Member:
    ref: PersonRef
    display_name: str
    timezone: str | None
    is_mentee: bool
    is_mentor: bool
    is_organizer: bool

    @property
    def roles(self) -> tuple[str, ...]:
        flags = (("mentee", self.is_mentee), ("mentor", self.is_mentor))
        return tuple(name for name, held in flags if held) + (
            ("organizer",) if self.is_organizer else ()
        )


def member_from(person: Person, organizers: frozenset[str]) -> Member:
    return Member(
        ref=PersonRef(person.platform, person.workspace_id, person.user_id),
        display_name=person.display_name,
        timezone=person.timezone,
        is_mentee=person.is_mentee,
        is_mentor=person.is_mentor,
        is_organizer=person.is_organizer or person.user_id in organizers,
    )


class People:
    """Who is in Rounds, and in which roles."""

    def __init__(self, database: Database, organizers: frozenset[str]) -> None:
        """``organizers``: the ORGANIZERS setting's entries, "U012" or, for one workspace,
        "T034:U012"."""
        self.database = database
        self._organizer_entries = organizers

    def organizers_in(self, workspace_id: str) -> frozenset[str]:
        """The user ids the ORGANIZERS setting makes organizers in ``workspace_id``."""
        return entries_in(self._organizer_entries, workspace_id)

    def is_organizer(self, ref: PersonRef) -> bool:
        if ref.user_id in self.organizers_in(ref.workspace_id):
            return True
        member = self.find(ref)
        return member is not None and member.is_organizer

    def find(self, ref: PersonRef) -> Member | None:
        with self.database.read() as session:
            person = PersonRepository(session).find(ref)
            if person is None:
                return None
            return member_from(person, self.organizers_in(person.workspace_id))

    def remember(self, ref: PersonRef, display_name: str, timezone: str | None) -> Member:
        """Record the name and time zone the platform reports for someone."""
        with self.database.write() as session:
            person = PersonRepository(session).get_or_create(ref)
            person.display_name = display_name[:200]
            person.timezone = timezone
            return member_from(person, self.organizers_in(person.workspace_id))

    def refresh(self, ref: PersonRef, display_name: str, timezone: str | None) -> None:
        """Take a new name or time zone for someone Rounds knows; nobody new is recorded."""
        with self.database.write() as session:
            person = PersonRepository(session).find(ref)
            if person is None:
                return
            person.display_name = display_name[:200] or person.display_name
            person.timezone = timezone or person.timezone

"""Where the Teams bot can reach each person: the conversation references Teams gave it."""

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import Person, TeamsConversation
from storage.people import PersonKey, PersonRepository


class TeamsConversationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def remember(
        self,
        key: PersonKey,
        teams_user_id: str,
        conversation_id: str,
        service_url: str,
        reference: dict[str, Any],
        now: datetime,
    ) -> TeamsConversation:
        """Keep the latest personal-chat reference for a person (one row per person)."""
        person = PersonRepository(self.session).get_or_create(key)
        assert person.id is not None
        row = self.session.exec(
            select(TeamsConversation).where(TeamsConversation.person_id == person.id)
        ).first()
        if row is None:
            row = TeamsConversation(
                person_id=person.id,
                teams_user_id=teams_user_id,
                conversation_id=conversation_id,
                service_url=service_url,
            )
        row.teams_user_id = teams_user_id
        row.conversation_id = conversation_id
        row.service_url = service_url
        row.reference = reference
        row.updated_at = now
        self.session.add(row)
        self.session.flush()
        return row

    def for_person(self, key: PersonKey) -> TeamsConversation | None:
        return self.session.exec(
            select(TeamsConversation)
            .join(Person, Person.id == TeamsConversation.person_id)  # type: ignore[arg-type]
            .where(
                Person.platform == key.platform,
                Person.workspace_id == key.workspace_id,
                Person.user_id == key.user_id,
            )
        ).first()

    def get(self, row_id: int) -> TeamsConversation | None:
        return self.session.get(TeamsConversation, row_id)

    def any_in_workspace(self, workspace_id: str) -> TeamsConversation | None:
        """Some reference in the tenant: its service URL and bot account can open new chats."""
        return self.session.exec(
            select(TeamsConversation)
            .join(Person, Person.id == TeamsConversation.person_id)  # type: ignore[arg-type]
            .where(Person.platform == "teams", Person.workspace_id == workspace_id)
            .order_by(TeamsConversation.updated_at.desc())  # type: ignore[attr-defined]
        ).first()

"""Who in Teams is who, and where the bot can reach them: people, names and conversation refs."""

from dataclasses import dataclass
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference
from sqlmodel import Session

from bot.clock import Clock
from bot.identity import PersonRef
from bot.people import People
from handlers.teams.render import Names
from storage.db import Database
from storage.models import Person, TeamsConversation
from storage.teams import TeamsConversationRepository

PERSONAL = "personal"
HANDLE_PREFIX = "teams:"
UNKNOWN_NAME = "a colleague"


@dataclass(frozen=True)
class Address:
    """A person's personal chat with the bot; `handle` is the short id Rounds stores."""

    handle: str
    workspace_id: str
    reference: ConversationReference
    timezone: str | None = None


def tenant_of(activity: Activity) -> str | None:
    conversation = activity.conversation
    if conversation is not None and conversation.tenant_id:
        return conversation.tenant_id
    data = activity.channel_data
    tenant = data.get("tenant") if isinstance(data, dict) else getattr(data, "tenant", None)
    if isinstance(tenant, dict):
        return str(tenant.get("id") or "") or None
    return None


def sender(activity: Activity) -> PersonRef | None:
    """The person who sent an activity, keyed by tenant and Microsoft Entra object id."""
    account = activity.from_property
    tenant = tenant_of(activity)
    if account is None or not tenant or not account.aad_object_id:
        return None
    return PersonRef.teams(tenant, account.aad_object_id)


def zone_of(activity: Activity) -> str | None:
    """The sender's IANA time zone: the activity's own, or the one its clientInfo entity names."""
    if activity.local_timezone:
        return activity.local_timezone
    for entity in activity.entities or []:
        if entity.type == "clientInfo" and (zone := (entity.model_extra or {}).get("timezone")):
            return str(zone)
    return None


def _address(session: Session, row: TeamsConversation) -> Address:
    person = session.get(Person, row.person_id)
    assert person is not None
    return Address(
        f"{HANDLE_PREFIX}{row.id}",
        person.workspace_id,
        ConversationReference.model_validate(row.reference),
        person.timezone,
    )


class Addresses:
    def __init__(self, database: Database, clock: Clock, people: People) -> None:
        self.database = database
        self.clock = clock
        self.people = people

    def remember(self, activity: Activity) -> PersonRef | None:
        """Keep the sender's name, and their personal chat so Rounds can write to them later."""
        person = sender(activity)
        account = activity.from_property
        if person is None or account is None:
            return None
        known = self.people.find(person)
        name = account.name or (known.display_name if known else "")
        timezone = zone_of(activity) or (known.timezone if known else None)
        if known is None or (known.display_name, known.timezone) != (name, timezone):
            self.people.remember(person, name, timezone)
        conversation = activity.conversation
        if conversation is None or conversation.conversation_type != PERSONAL:
            return person
        reference = activity.get_conversation_reference()
        with self.database.write() as session:
            repository = TeamsConversationRepository(session)
            stored = repository.for_person(person)
            if (
                stored is None
                or stored.conversation_id != conversation.id
                or stored.service_url != activity.service_url
            ):
                repository.remember(
                    person,
                    account.id,
                    conversation.id,
                    activity.service_url or "",
                    _reference_json(reference),
                    self.clock.now(),
                )
        return person

    def remember_created(self, person: PersonRef, reference: ConversationReference) -> Address:
        with self.database.write() as session:
            row = TeamsConversationRepository(session).remember(
                person,
                person.user_id,
                reference.conversation.id,
                reference.service_url or "",
                _reference_json(reference),
                self.clock.now(),
            )
            return _address(session, row)

    def of(self, person: PersonRef) -> Address | None:
        with self.database.read() as session:
            row = TeamsConversationRepository(session).for_person(person)
            return _address(session, row) if row else None

    def by_handle(self, handle: str) -> Address | None:
        number = handle.removeprefix(HANDLE_PREFIX)
        if not handle.startswith(HANDLE_PREFIX) or not number.isdigit():
            return None
        with self.database.read() as session:
            row = TeamsConversationRepository(session).get(int(number))
            return _address(session, row) if row else None

    def any_in_tenant(self, workspace_id: str) -> ConversationReference | None:
        with self.database.read() as session:
            row = TeamsConversationRepository(session).any_in_workspace(workspace_id)
            return ConversationReference.model_validate(row.reference) if row else None

    def names(self, workspace_id: str) -> Names:
        """Display names of people in one tenant, for drawing mentions."""

        def name(user_id: str) -> str:
            member = self.people.find(PersonRef("teams", workspace_id, user_id))
            return member.display_name if member and member.display_name else UNKNOWN_NAME

        return name


def _reference_json(reference: ConversationReference) -> dict[str, Any]:
    data: dict[str, Any] = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
    # A reference names the message it came from; proactive messages start fresh threads.
    data.pop("activityId", None)
    return data

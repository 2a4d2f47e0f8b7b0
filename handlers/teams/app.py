"""The Teams agent: one place that builds the SDK adapter, the messenger and every route.

Messages in a personal chat are commands ("mentor …", "tips", "end", "help"); every card
button is an Action.Execute routed by its verb through one registry of action handlers.
"""

import asyncio
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, AdaptiveCardInvokeResponse
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    AnonymousTokenProvider,
    ApplicationOptions,
    ConnectionManager,
    Connections,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.core.authorization.auth_types import AuthTypes

from bot.bootstrap import Services, bootstrap, foundations
from bot.clock import Clock
from bot.help import MENTOR_HELP
from bot.lasting.team import mentoring_team, team_reply
from bot.mentoring import messages
from bot.replies import Header, Reply, bullet_list, in_zone, note, paragraph, reply
from bot.settings import Settings
from handlers.metrics import Metrics
from handlers.teams import checkins, goals, lasting, meetings, mentoring
from handlers.teams.actions import Actions, Answer, Press
from handlers.teams.addresses import Addresses, sender, zone_of
from handlers.teams.forms import CHOICE_FORMS as JOURNEY_FORMS
from handlers.teams.lasting import SURVEY_FORMS
from handlers.teams.messenger import TeamsMessenger
from handlers.teams.render import Element, attachment, readable, to_card

logger = logging.getLogger(__name__)

SERVICE_CONNECTION = "SERVICE_CONNECTION"
MENTOR_PREFIX = re.compile(r"^\s*/?mentor\b", re.I)
# Commands that exist in Teams; the Slack-only ones are left out of Teams help.
TEAMS_COMMANDS = ("", "team", "goals", "tips", "end", "help")

# One module per journey, each with register(actions, services, addresses).
JOURNEYS = (mentoring, checkins, goals, lasting, meetings)
CHOICE_FORMS = {**JOURNEY_FORMS, **SURVEY_FORMS}


@dataclass
class TeamsRounds:
    agent: AgentApplication[TurnState]
    adapter: CloudAdapter
    auth: AgentAuthConfiguration
    services: Services
    messenger: TeamsMessenger
    addresses: Addresses
    actions: Actions
    metrics: Metrics

    def close(self) -> None:
        self.messenger.close()
        self.services.compute.shutdown()


def auth_configuration(settings: Settings, *, jwt_check: bool) -> AgentAuthConfiguration:
    """The bot's identity; without the JWT check (tests, the demo) unsigned requests pass."""
    if not jwt_check:
        return AgentAuthConfiguration(
            auth_type=AuthTypes.client_secret,
            client_id=settings.TEAMS_APP_ID or None,
            tenant_id=settings.TEAMS_TENANT_ID or None,
            anonymous_allowed=True,
        )
    return AgentAuthConfiguration(
        auth_type=AuthTypes.client_secret,
        client_id=settings.TEAMS_APP_ID,
        tenant_id=settings.TEAMS_TENANT_ID,
        client_secret=settings.TEAMS_APP_PASSWORD,
        connection_name=SERVICE_CONNECTION,
    )


class LocalTokenProvider(AnonymousTokenProvider):
    """A placeholder token for a local Bot Connector: the SDK insists on a non-empty one."""

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        return "local-only"


def connections(configuration: AgentAuthConfiguration, *, jwt_check: bool) -> Connections:
    if not jwt_check:
        return ConnectionManager(
            provider_factory=lambda _: LocalTokenProvider(),
            connections_configurations={SERVICE_CONNECTION: configuration},
        )
    return MsalConnectionManager(connections_configurations={SERVICE_CONNECTION: configuration})


def teams_help(unknown: str | None = None) -> Reply:
    lines = [
        (usage.removeprefix("/"), f" — {what}")
        for usage, what in MENTOR_HELP
        if usage.removeprefix("/mentor").strip() in TEAMS_COMMANDS
    ]
    opening = (
        paragraph("I don't know “", unknown, "”. Here is what I can do:")
        if unknown
        else paragraph(
            "Rounds matches residents and students with mentors for short, focused "
            "conversations. Type one of these here:"
        )
    )
    return reply(
        Header("Rounds help"),
        opening,
        *bullet_list(lines),
        note("Questions about the program? Ask your program director."),
        summary="Rounds help",
    )


def build_teams_app(
    settings: Settings, clock: Clock | None = None, *, jwt_check: bool = True
) -> TeamsRounds:
    """The agent and the services behind it, wired to one adapter and one messenger."""
    auth = auth_configuration(settings, jwt_check=jwt_check)
    manager = connections(auth, jwt_check=jwt_check)
    adapter = CloudAdapter(connection_manager=manager)
    base = foundations(settings, clock)
    addresses = Addresses(base.database, base.clock, base.people)
    messenger = TeamsMessenger(adapter, settings.TEAMS_APP_ID, CHOICE_FORMS, addresses)
    services = bootstrap(base, messenger)
    agent = AgentApplication[TurnState](
        ApplicationOptions(
            storage=MemoryStorage(), start_typing_timer=False, remove_recipient_mention=True
        ),
        connection_manager=manager,
    )
    actions = Actions()
    for journey in JOURNEYS:
        journey.register(actions, services, addresses)
    metrics = Metrics()
    metrics.follow(services)
    rounds = TeamsRounds(agent, adapter, auth, services, messenger, addresses, actions, metrics)
    _register_routes(rounds)
    return rounds


def _register_routes(rounds: TeamsRounds) -> None:
    agent, services, addresses = rounds.agent, rounds.services, rounds.addresses

    async def remember(context: TurnContext, _state: TurnState) -> bool:
        await asyncio.to_thread(addresses.remember, context.activity)
        return True

    agent.before_turn(remember)

    @agent.conversation_update("membersAdded")
    async def welcome(context: TurnContext, _state: TurnState) -> None:
        bot = context.activity.recipient
        added = context.activity.members_added or []
        if bot is not None and any(member.id == bot.id for member in added):
            await _send_reply(context, rounds, teams_help())

    @agent.message(re.compile(r"[\s\S]*"))
    async def command(context: TurnContext, _state: TurnState) -> None:
        person = sender(context.activity)
        if person is None:
            return
        text = MENTOR_PREFIX.sub("", context.activity.text or "").strip()
        word = text.lower()
        names = addresses.names(person.workspace_id)
        card: Element | None
        if goals_command := goals.COMMAND.match(text):
            card = await asyncio.to_thread(
                goals.command_card, services, person, goals_command[1], names
            )
        elif word == "team":
            team = await asyncio.to_thread(mentoring_team, services.database, person)
            card = to_card(team_reply(team), names)
        elif word == "tips":
            card = to_card(messages.tips_page(), names)
        elif word == "help":
            card = to_card(teams_help(), names)
        elif word == "end":
            card = await asyncio.to_thread(mentoring.end_card, services, person, names)
            card = card or to_card(reply(paragraph(mentoring.NO_RELATIONSHIPS)), names)
        elif not text or " " in text:
            card = mentoring.request_card(names, {"goal": text})
        else:
            card = to_card(teams_help(unknown=text), names)
        await context.send_activity(_card_activity(card))

    @agent.adaptive_card.action_execute(re.compile(r".+"))
    async def execute(
        context: TurnContext, _state: TurnState, data: Any
    ) -> AdaptiveCardInvokeResponse:
        person = sender(context.activity)
        if person is None:
            return _message_response("Rounds could not tell who pressed this.")
        press = _press(person, context.activity, data)
        answer = await asyncio.to_thread(rounds.actions.handle, press)
        return _answer_response(
            answer, addresses.names(person.workspace_id), zone_of(context.activity)
        )

    @agent.error
    async def on_error(context: TurnContext, error: Exception) -> None:
        # Log the kind of failure only: activities carry what people wrote.
        logger.error("Teams turn failed: %s", type(error).__name__, exc_info=error)


def _press(person: Any, activity: Activity, data: Any) -> Press:
    fields: Mapping[str, Any] = data if isinstance(data, dict) else {}
    value = activity.value if isinstance(activity.value, dict) else {}
    verb = str(value.get("action", {}).get("verb", fields.get("action_id", "")))
    inputs = {
        str(key): "" if item is None else str(item)
        for key, item in fields.items()
        if key not in ("action_id", "value")
    }
    return Press(person, verb, str(fields.get("value", "")), inputs)


def _card_activity(card: Element) -> Activity:
    return Activity(type=ActivityTypes.message, attachments=[attachment(card)])


async def _send_reply(context: TurnContext, rounds: TeamsRounds, message: Reply) -> None:
    person = sender(context.activity)
    names = rounds.addresses.names(person.workspace_id if person else "")
    reader_view = in_zone(message, zone_of(context.activity))
    await context.send_activity(_card_activity(to_card(reader_view, names)))


def _message_response(text: str) -> AdaptiveCardInvokeResponse:
    return AdaptiveCardInvokeResponse(
        status_code=HTTPStatus.OK, type="application/vnd.microsoft.activity.message", value=text
    )


def _answer_response(
    answer: Answer, names: Callable[[str], str], zone: str | None
) -> AdaptiveCardInvokeResponse:
    """The presser's answer, with any time shown in their own zone."""
    if answer.card is not None or answer.replace is not None:
        replaced = in_zone(answer.replace or reply(), zone)
        card = answer.card or to_card(replaced, names, CHOICE_FORMS)
        return AdaptiveCardInvokeResponse(
            status_code=HTTPStatus.OK, type="application/vnd.microsoft.card.adaptive", value=card
        )
    return _message_response(readable(in_zone(answer.message or reply(), zone), names))

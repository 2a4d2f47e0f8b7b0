"""Whoever reaches Rounds, by any path, is known by name and time zone from then on."""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.people import Member
from bot.reports import notices
from handlers.slack.commands import CommandRouter

logger = logging.getLogger(__name__)


def _name_and_zone(user: dict[str, Any]) -> tuple[str, str | None]:
    profile = user.get("profile") or {}
    name = profile.get("display_name") or user.get("real_name") or profile.get("real_name")
    zone = user.get("tz")
    return str(name or ""), str(zone) if zone else None


def learn(services: Services, client: WebClient, ref: PersonRef) -> Member | None:
    """Ask Slack who someone is and keep their name and time zone; None when Slack won't say."""
    try:
        user = client.users_info(user=ref.user_id)["user"]
    except SlackApiError as error:
        logger.info("could not look up %s: %s", ref.user_id, error.response.get("error"))
        return None
    except (SlackClientError, OSError) as error:
        logger.info("could not reach Slack to look up %s: %s", ref.user_id, type(error).__name__)
        return None
    name, zone = _name_and_zone(user)
    return services.people.remember(ref, display_name=name, timezone=zone)


def _fully_known(member: Member | None) -> bool:
    return member is not None and bool(member.display_name) and bool(member.timezone)


def known_or_learned(services: Services, client: WebClient, ref: PersonRef) -> Member | None:
    """The person as Rounds knows them, asking Slack first when their name or zone is missing."""
    member = services.people.find(ref)
    if _fully_known(member):
        return member
    return learn(services, client, ref) or member


def own_zone(services: Services, client: WebClient, ref: PersonRef) -> str:
    """The person's own time zone for a form's default, else the program's."""
    member = known_or_learned(services, client, ref)
    return (member.timezone if member else None) or services.settings.DEFAULT_TIMEZONE


class Acquaintances:
    """People this process has already looked up, so each costs one users.info at most.

    The check before the ack is in memory only; the look-up itself runs after the ack.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self._seen: set[PersonRef] = set()
        self._lock = threading.Lock()

    def first_sight(self, ref: PersonRef) -> bool:
        with self._lock:
            if ref in self._seen:
                return False
            self._seen.add(ref)
            return True

    def get_to_know(self, ref: PersonRef, client: WebClient) -> None:
        """Look the person up with ``client``, the request's own (its workspace's token)."""
        if _fully_known(self.services.people.find(ref)):
            return
        if learn(self.services, client, ref) is None:
            # Slack could not say this time; the person's next request asks again.
            with self._lock:
                self._seen.discard(ref)


def _sender(context: BoltContext) -> PersonRef | None:
    user_id, team_id = context.user_id, context.team_id
    if not isinstance(user_id, str) or not isinstance(team_id, str) or not user_id or not team_id:
        return None
    return PersonRef.slack(team_id, user_id)


def _leaves_people_alone(body: dict[str, Any]) -> bool:
    """user_change speaks for itself, and a confirmed forget-me must not be undone by a look-up."""
    event = body.get("event")
    if isinstance(event, dict) and event.get("type") == "user_change":
        return True
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else None
    return isinstance(first, dict) and first.get("action_id") == notices.FORGET_CONFIRM


def on_user_change(services: Services, event: dict[str, Any], body: dict[str, Any]) -> None:
    """A new name or time zone in Slack reaches Rounds, for people it already knows."""
    user = event.get("user")
    if not isinstance(user, dict) or not user.get("id"):
        return
    team = str(user.get("team_id") or body.get("team_id") or "")
    name, zone = _name_and_zone(user)
    services.people.refresh(PersonRef.slack(team, str(user["id"])), name, zone)


def get_to_know_senders(
    acquaintances: "Acquaintances",
    executor: Executor,
    context: BoltContext,
    body: dict[str, Any],
    next: Callable[[], BoltResponse],
) -> BoltResponse | None:
    ref = _sender(context)
    if ref is not None and not _leaves_people_alone(body) and acquaintances.first_sight(ref):
        executor.submit(acquaintances.get_to_know, ref, context.client)
    return next()


def register(app: App, services: Services, router: CommandRouter) -> None:
    executor = app.listener_runner.listener_executor
    acquaintances = Acquaintances(services)
    app.middleware(partial(get_to_know_senders, acquaintances, executor))

    app.event("user_change")(partial(on_user_change, services))

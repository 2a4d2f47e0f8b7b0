"""The App Home: drawn for whoever opens it, and redrawn after their changes."""

import logging
from functools import partial
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.home import home_for
from bot.identity import PersonRef
from handlers.slack.commands import CommandRouter
from handlers.slack.listeners.dedupe import on_event
from handlers.slack.listeners.people import known_or_learned
from handlers.slack.render import home_view

logger = logging.getLogger(__name__)


def publish_home(services: Services, client: WebClient, ref: PersonRef) -> None:
    member = known_or_learned(services, client, ref) or services.people.remember(ref, "", None)
    client.views_publish(user_id=ref.user_id, view=home_view(home_for(services, ref, member)))


def on_home_opened(
    services: Services,
    event: dict[str, Any],
    body: dict[str, Any],
    _context: BoltContext,
    client: WebClient,
) -> None:
    if event.get("tab", "home") != "home":
        return
    publish_home(services, client, PersonRef.slack(body["team_id"], event["user"]))


def register(app: App, services: Services, router: CommandRouter) -> None:
    on_event(app, services, "app_home_opened", partial(on_home_opened, services))

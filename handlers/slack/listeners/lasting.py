"""Mentoring that lasts in Slack: the mentoring team and its one-click asks."""

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.lasting.team import ASK_FOR_ROLE, mentoring_team, team_reply
from bot.mentoring.model import MentoringRole
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import action_value
from handlers.slack.render import message_payload
from handlers.slack.views import request as request_views


def team_command(services: Services, invocation: Invocation) -> None:
    team = mentoring_team(services.database, invocation.user)
    invocation.ack(response_type="ephemeral", **message_payload(team_reply(team)))


def ask_for_role(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    """Open the /mentor form with the missing kind of mentor already chosen."""
    ack()
    try:
        role = MentoringRole(action_value(body))
    except ValueError:
        role = None
    client.views_open(trigger_id=body["trigger_id"], view=request_views.request_modal("", role))


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "team")(partial(team_command, services))
    app.action(ASK_FOR_ROLE)(ask_for_role)

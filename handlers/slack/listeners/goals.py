"""`/mentor goals`: list, add, update and complete goals, from a message or the App Home."""

import json
import re
from datetime import date
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.bootstrap import Services
from bot.checkins.goals import ADD_ACTION, DONE_ACTION, UPDATE_ACTION, Change, GoalChange
from bot.identity import PersonRef
from bot.replies import paragraph, reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import presser, respond_privately
from handlers.slack.listeners.home import publish_home
from handlers.slack.render import message_payload
from handlers.slack.views.goals import GOAL_VIEW, goal_view

ADD_SHORTCUT = re.compile(r"^add\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
BLOCK_FOR_FIELD = {"text": "goal_text", "target_date": "goal_date"}


def _from_home(body: dict[str, Any]) -> bool:
    return bool(body.get("container", {}).get("type") == "view")


def _listing(services: Services, ref: PersonRef, notice: str | None = None) -> dict[str, Any]:
    return message_payload(services.goals.goals_reply(ref, notice))


def _refresh(
    services: Services, body: dict[str, Any], client: WebClient, respond: Respond, notice: str
) -> None:
    ref = presser(body)
    if _from_home(body):
        publish_home(services, client, ref)
    else:
        respond(replace_original=True, **_listing(services, ref, notice))


def goals_command(services: Services, invocation: Invocation) -> None:
    shortcut = ADD_SHORTCUT.match(invocation.rest.strip())
    if shortcut and not shortcut[1].strip():
        invocation.ack()
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=goal_view(None, None))
        return
    notice = None
    if shortcut:
        notice = services.goals.add(invocation.user, shortcut[1]).message
    elif invocation.rest.strip():
        notice = "To add a goal, type /mentor goals add followed by the goal."
    invocation.ack(response_type="ephemeral", **_listing(services, invocation.user, notice))


def on_add(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=goal_view(None, body.get("response_url")))


def on_update(
    services: Services,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
) -> None:
    ack()
    goal = services.goals.editable(presser(body), int(action.get("value") or 0))
    if goal is None:
        respond_privately(respond)(reply(paragraph("That goal is not one of yours.")))
        return
    client.views_open(trigger_id=body["trigger_id"], view=goal_view(goal, body.get("response_url")))


def on_done(
    services: Services,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
) -> None:
    ack()
    change = services.goals.complete(presser(body), int(action.get("value") or 0))
    if change.change == Change.NOT_YOURS:
        respond_privately(respond)(reply(paragraph(change.message)))
        return
    _refresh(services, body, client, respond, change.message)


def on_goal_form(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
) -> None:
    values = view["state"]["values"]
    text = values.get("goal_text", {}).get("value", {}).get("value") or ""
    picked = values.get("goal_date", {}).get("value", {}).get("selected_date")
    metadata = json.loads(view.get("private_metadata") or "{}")
    ref = presser(body)
    target = date.fromisoformat(picked) if picked else None
    goal_id = metadata.get("goal")
    change: GoalChange = (
        services.goals.update(ref, int(goal_id), text, target)
        if goal_id
        else services.goals.add(ref, text, target)
    )
    if change.change == Change.INVALID:
        block = BLOCK_FOR_FIELD.get(change.field or "text", "goal_text")
        ack(response_action="errors", errors={block: change.message})
        return
    if change.change == Change.NOT_YOURS:
        ack(response_action="errors", errors={"goal_text": change.message})
        return
    ack()
    if metadata.get("response_url"):
        # An expired response_url answers with an error we can ignore: the Home is fresh.
        WebhookClient(metadata["response_url"]).send(
            replace_original=True, **_listing(services, ref, change.message)
        )
    publish_home(services, client, ref)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "goals")(partial(goals_command, services))
    app.action(ADD_ACTION)(on_add)
    app.action(UPDATE_ACTION)(partial(on_update, services))
    app.action(DONE_ACTION)(partial(on_done, services))
    app.view(GOAL_VIEW)(partial(on_goal_form, services))

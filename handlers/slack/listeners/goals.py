"""`/mentor goals`: list, add, update and complete goals, from a message or the App Home."""

import json
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.bootstrap import Services
from bot.checkins.goals import ADD_ACTION, DONE_ACTION, UPDATE_ACTION, Change, GoalChange, GoalView
from bot.identity import PersonRef
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.checkins import presser
from handlers.slack.listeners.home import publish_home
from handlers.slack.render import message_payload

GOAL_VIEW = "goal_form"
ADD_SHORTCUT = re.compile(r"^add\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
BLOCK_FOR_FIELD = {"text": "goal_text", "target_date": "goal_date"}


def goal_view(goal: GoalView | None, response_url: str | None) -> dict[str, Any]:
    text_input: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": True,
        "max_length": 1000,
        "placeholder": {"type": "plain_text", "text": "e.g. Submit my QI abstract"},
    }
    date_input: dict[str, Any] = {"type": "datepicker", "action_id": "value"}
    if goal is not None:
        text_input["initial_value"] = goal.text
        if goal.target_date is not None:
            date_input["initial_date"] = goal.target_date.isoformat()
    metadata = {"goal": goal.id if goal else None, "response_url": response_url}
    return {
        "type": "modal",
        "callback_id": GOAL_VIEW,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": "Update goal" if goal else "Add a goal"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": "goal_text",
                "label": {"type": "plain_text", "text": "Goal"},
                "element": text_input,
            },
            {
                "type": "input",
                "block_id": "goal_date",
                "optional": True,
                "label": {"type": "plain_text", "text": "Target date (optional)"},
                "element": date_input,
            },
        ],
    }


def _from_home(body: dict[str, Any]) -> bool:
    return bool(body.get("container", {}).get("type") == "view")


def register(app: App, services: Services, router: CommandRouter) -> None:
    goals = services.goals

    def listing(ref: PersonRef, notice: str | None = None) -> dict[str, Any]:
        return message_payload(goals.goals_reply(ref, notice))

    def refresh(body: dict[str, Any], client: WebClient, respond: Respond, notice: str) -> None:
        ref = presser(body)
        if _from_home(body):
            publish_home(services, client, ref)
        else:
            respond(replace_original=True, **listing(ref, notice))

    @router.on("/mentor", "goals")
    def goals_command(invocation: Invocation) -> None:
        shortcut = ADD_SHORTCUT.match(invocation.rest.strip())
        if shortcut and not shortcut[1].strip():
            invocation.ack()
            invocation.client.views_open(
                trigger_id=invocation.trigger_id, view=goal_view(None, None)
            )
            return
        notice = None
        if shortcut:
            notice = goals.add(invocation.user, shortcut[1]).message
        elif invocation.rest.strip():
            notice = "To add a goal, type /mentor goals add followed by the goal."
        invocation.ack(response_type="ephemeral", **listing(invocation.user, notice))

    @app.action(ADD_ACTION)
    def on_add(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"], view=goal_view(None, body.get("response_url"))
        )

    @app.action(UPDATE_ACTION)
    def on_update(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        goal = goals.editable(presser(body), int(action.get("value") or 0))
        if goal is None:
            respond(
                response_type="ephemeral",
                replace_original=False,
                text="That goal is not one of yours.",
            )
            return
        client.views_open(
            trigger_id=body["trigger_id"], view=goal_view(goal, body.get("response_url"))
        )

    @app.action(DONE_ACTION)
    def on_done(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        change = goals.complete(presser(body), int(action.get("value") or 0))
        if change.change == Change.NOT_YOURS:
            respond(response_type="ephemeral", replace_original=False, text=change.message)
            return
        refresh(body, client, respond, change.message)

    @app.view(GOAL_VIEW)
    def on_goal_form(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        values = view["state"]["values"]
        text = values.get("goal_text", {}).get("value", {}).get("value") or ""
        picked = values.get("goal_date", {}).get("value", {}).get("selected_date")
        metadata = json.loads(view.get("private_metadata") or "{}")
        ref = presser(body)
        target = date.fromisoformat(picked) if picked else None
        goal_id = metadata.get("goal")
        change: GoalChange = (
            goals.update(ref, int(goal_id), text, target)
            if goal_id
            else goals.add(ref, text, target)
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
                replace_original=True, **listing(ref, change.message)
            )
        publish_home(services, client, ref)

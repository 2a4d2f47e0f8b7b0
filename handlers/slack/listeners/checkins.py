"""Answers to check-in prompts (button presses) and the confidential feedback form."""

import re
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.checkins import AnswerResult, FeedbackAnswers
from bot.checkins.messages import ANSWER_ACTION_PREFIX
from handlers.slack.commands import CommandRouter
from handlers.slack.listeners.common import presser, respond_privately
from handlers.slack.render import message_payload
from handlers.slack.views.checkins import FEEDBACK_VIEW, feedback_view, message_view

ANSWER_ACTION = re.compile(f"^{ANSWER_ACTION_PREFIX}[a-z_]+$")


def show(respond: Respond, result: AnswerResult) -> None:
    if result.message is None:
        return
    if result.replace:
        respond(replace_original=True, **message_payload(result.message))
    else:
        respond_privately(respond)(result.message)


def _choice(values: dict[str, Any], block_id: str) -> str | None:
    selected = values.get(block_id, {}).get("value", {}).get("selected_option")
    return str(selected["value"]) if selected else None


def on_answer(
    services: Services,
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    client: WebClient,
    respond: Respond,
) -> None:
    ack()
    answer = str(action["action_id"]).removeprefix(ANSWER_ACTION_PREFIX)
    try:
        prompt_id = int(action.get("value", ""))
    except ValueError:
        return
    result = services.checkins.answer(prompt_id, presser(body), answer)
    if result.feedback_form is not None:
        client.views_open(trigger_id=body["trigger_id"], view=feedback_view(result.feedback_form))
    show(respond, result)


def on_feedback(services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    values = view["state"]["values"]
    usefulness, again = _choice(values, "usefulness"), _choice(values, "again")
    errors = {}
    if usefulness is None:
        errors["usefulness"] = "Pick a number from 1 to 5."
    if again is None:
        errors["again"] = "Pick yes or no."
    if errors or usefulness is None:
        ack(response_action="errors", errors=errors)
        return
    comment = values.get("comment", {}).get("value", {}).get("value")
    try:
        prompt_id = int(view.get("private_metadata", ""))
    except ValueError:
        ack()
        return
    result = services.checkins.submit_feedback(
        prompt_id, presser(body), FeedbackAnswers(int(usefulness), again == "yes", comment)
    )
    if result.message is None:
        ack()
        return
    ack(response_action="update", view=message_view("Thank you", result.message))


def register(app: App, services: Services, router: CommandRouter) -> None:
    app.action(ANSWER_ACTION)(partial(on_answer, services))
    app.view(FEEDBACK_VIEW)(partial(on_feedback, services))

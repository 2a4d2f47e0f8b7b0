"""Answers to check-in prompts (button presses) and the confidential feedback form."""

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.checkins import AnswerResult, FeedbackAnswers, FeedbackForm
from bot.checkins.messages import ANSWER_ACTION_PREFIX, CONFIDENTIAL, USEFULNESS_LABELS
from bot.identity import PersonRef
from bot.replies import Mention, Plain, Reply, Span
from handlers.slack.commands import CommandRouter
from handlers.slack.render import message_payload, mrkdwn, to_blocks

ANSWER_ACTION = re.compile(f"^{ANSWER_ACTION_PREFIX}[a-z_]+$")
FEEDBACK_VIEW = "checkins_feedback"


def presser(body: dict[str, Any]) -> PersonRef:
    user = body["user"]
    return PersonRef.slack(user.get("team_id") or body["team"]["id"], user["id"])


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _radio(block_id: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _plain(label),
        "element": {
            "type": "radio_buttons",
            "action_id": "value",
            "options": [{"text": _plain(text), "value": value} for text, value in options],
        },
    }


def feedback_view(form: FeedbackForm) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    if form.with_user_ids:
        about: list[Span] = [Mention(user_id) for user_id in form.with_user_ids]
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn(tuple(about))}})
    blocks += [
        _radio(
            "usefulness",
            "How useful was it?",
            [(label, str(n)) for n, label in enumerate(USEFULNESS_LABELS, start=1)],
        ),
        _radio("again", "Would you meet again?", [("Yes", "yes"), ("No", "no")]),
        {
            "type": "input",
            "block_id": "comment",
            "optional": True,
            "label": _plain("Anything else? (optional)"),
            "element": {
                "type": "plain_text_input",
                "action_id": "value",
                "multiline": True,
                "max_length": 2000,
            },
        },
        {
            "type": "context",
            "elements": [{"type": "mrkdwn", "text": mrkdwn((Plain(CONFIDENTIAL),))}],
        },
    ]
    return {
        "type": "modal",
        "callback_id": FEEDBACK_VIEW,
        "private_metadata": str(form.prompt_id),
        "title": _plain("How did it go?"),
        "submit": _plain("Send"),
        "close": _plain("Cancel"),
        "blocks": blocks,
    }


def message_view(title: str, message: Reply) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": _plain(title),
        "close": _plain("Close"),
        "blocks": to_blocks(message),
    }


def show(respond: Respond, result: AnswerResult) -> None:
    if result.message is None:
        return
    if result.replace:
        respond(replace_original=True, **message_payload(result.message))
    else:
        respond(
            response_type="ephemeral", replace_original=False, **message_payload(result.message)
        )


def _choice(values: dict[str, Any], block_id: str) -> str | None:
    selected = values.get(block_id, {}).get("value", {}).get("selected_option")
    return str(selected["value"]) if selected else None


def register(app: App, services: Services, router: CommandRouter) -> None:
    @app.action(ANSWER_ACTION)
    def on_answer(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        answer = str(action["action_id"]).removeprefix(ANSWER_ACTION_PREFIX)
        try:
            prompt_id = int(action.get("value", ""))
        except ValueError:
            return
        result = services.checkins.answer(prompt_id, presser(body), answer)
        if result.feedback_form is not None:
            client.views_open(
                trigger_id=body["trigger_id"], view=feedback_view(result.feedback_form)
            )
        show(respond, result)
        services.checkins.deliver_now(result.deliver_now)

    @app.view(FEEDBACK_VIEW)
    def on_feedback(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
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
            prompt_id,
            presser(body),
            FeedbackAnswers(int(usefulness), again == "yes", comment),
        )
        if result.message is None:
            ack()
            return
        ack(response_action="update", view=message_view("Thank you", result.message))

"""The confidential feedback form after a check-in, and the thank-you that replaces it."""

from typing import Any

from bot.checkins import FeedbackForm
from bot.checkins.messages import CONFIDENTIAL, USEFULNESS_LABELS
from bot.replies import Mention, Plain, Reply, Span
from handlers.slack.render import mrkdwn, to_blocks

FEEDBACK_VIEW = "checkins_feedback"


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

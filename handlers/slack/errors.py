"""What Slack hears when a payload cannot be read: a plain answer, and one log line."""

import json
import logging
from typing import Any

from slack_bolt import BoltResponse

log = logging.getLogger(__name__)

UNREADABLE = "Rounds could not read that. Close this and start again from the command or button."


def _unreadable_view() -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Rounds"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [{"type": "section", "text": {"type": "plain_text", "text": UNREADABLE}}],
    }


def answer_unreadable(error: Exception, body: dict[str, Any] | None) -> BoltResponse:
    """Bolt's error handler: a forged or truncated payload gets an answer, not a traceback."""
    kind = body.get("type", "unknown") if isinstance(body, dict) else "unknown"
    # The payload may hold a person's words, so only its kind and the error's class are logged.
    log.warning("could not handle a %s payload: %s", kind, type(error).__name__)
    if kind == "view_submission":
        answer = {"response_action": "update", "view": _unreadable_view()}
        return BoltResponse(
            status=200, body=json.dumps(answer), headers={"content-type": ["application/json"]}
        )
    return BoltResponse(status=200, body="")

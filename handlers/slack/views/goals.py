"""The goal form: add a goal, or change its words and target date."""

import json
from typing import Any

from bot.checkins.goals import GoalView

GOAL_VIEW = "goal_form"


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

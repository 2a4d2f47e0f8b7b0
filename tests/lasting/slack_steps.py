"""Steps a person takes through the real Slack app for mentoring that lasts."""

import json
from typing import Any

from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import button, press


def mark_evaluator(
    rounds: LocalRounds,
    organizer: str,
    user_id: str,
    roles: tuple[str, ...],
    department: str = "",
    supervises: tuple[str, ...] = (),
) -> Any:
    """The organizer opens /mentor evaluators and saves roles for ``user_id``."""
    rounds.command(organizer, "/mentor", "evaluators")
    answer = rounds.slack.submit_view(
        organizer,
        "evaluative_roles",
        {
            "person": {"person": {"selected_user": user_id}},
            "roles": {"roles": {"selected_options": [{"value": r} for r in roles]}},
            "department": {"department": {"value": department}},
            "supervises": {"supervises": {"selected_users": list(supervises)}},
        },
    )
    rounds.settle()
    return answer.json() if answer.body else None


def ask_with(
    rounds: LocalRounds,
    user_id: str,
    goal: str,
    *,
    role: str | None = None,
    sensitive: bool = False,
    format: str = "one_off",
) -> Any:
    values: dict[str, dict[str, dict[str, Any]]] = {
        "goal": {"goal": {"value": goal}},
        "topics": {"topics": {"selected_options": []}},
        "specialty": {"specialty": {"selected_option": None}},
        "role": {"role": {"selected_option": {"value": role} if role else None}},
        "format": {"format": {"selected_option": {"value": format}}},
        "by_date": {"by_date": {"selected_date": None}},
        "sensitive": {
            "sensitive": {"selected_options": [{"value": "sensitive"}] if sensitive else []}
        },
    }
    answer = rounds.slack.submit_view(user_id, "mentor_request", values)
    rounds.settle()
    return answer.json() if answer.body else None


def answer_survey(
    rounds: LocalRounds, user_id: str, action_id: str, answers: dict[str, str]
) -> Any:
    """Press Answer on the newest survey ``user_id`` got and send ``answers`` from its form;
    returns the modal that replaces the form."""
    call = next(
        c
        for c in reversed(rounds.fake.direct_messages(user_id))
        if action_id in json.dumps(c.args.get("blocks", []))
    )
    prompt_id = button(call, action_id)
    press(rounds, user_id, call, action_id)
    view = rounds.fake.calls_to("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert sorted(block["block_id"] for block in view["blocks"]) == sorted(answers)
    values = {name: {name: {"selected_option": {"value": v}}} for name, v in answers.items()}
    answer = rounds.slack.submit_view(user_id, "outcome_survey", values, private_metadata=prompt_id)
    rounds.settle()
    return answer.json()["view"]

"""Forged or truncated interactions get a clear answer, never a traceback in the log."""

import json
import logging
import random
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.mentoring import messages
from devtools.slack.harness import LocalRounds

VIEWS = [
    "mentor_request",
    "decline_request",
    "suggest_colleague",
    "end_relationship",
    "reflection",
    "profile_form",
    "goal_form",
    "checkins_feedback",
    "coffee_setup",
    "coffee_pause",
    "coffee_never",
    "speedmentor_create",
    "speedmentor_expert",
    "speedmentor_csv",
    "speedmentor_join",
    "speedmentor_feedback",
]
ACTIONS = [
    messages.CHOOSE,
    messages.BEST_MATCH,
    messages.CANCEL,
    messages.ACCEPT,
    messages.SUGGEST,
    messages.DECLINE,
    messages.END,
    messages.REFLECT,
    "profile.open",
    "prompt_yes",
    "no.such.action",
]
JUNK: list[Any] = [None, "", "0", "-1", "99999999", "x" * 300, "{}", "[", 7, [], {}]


def forged_view(rng: random.Random, callback_id: str) -> dict[str, Any]:
    block = {"b": {rng.choice(["goal", "topics", "when", "x"]): {"value": rng.choice(JUNK)}}}
    view: dict[str, Any] = {
        "id": "V0FORGED",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": rng.choice(JUNK),
        "state": rng.choice([{"values": block}, {"values": rng.choice(JUNK)}, {}, None]),
    }
    for key in rng.sample(sorted(view), rng.randint(0, 2)):
        if key != "callback_id":
            del view[key]
    return {"type": "view_submission", "user": {"id": "U0ANA", "team_id": "T0DEMO"}, "view": view}


def forged_click(rng: random.Random, action_id: str) -> dict[str, Any]:
    action: dict[str, Any] = {"type": "button", "action_id": action_id, "block_id": "b"}
    if rng.random() < 0.8:
        action["value"] = rng.choice(JUNK)
    payload: dict[str, Any] = {"type": "block_actions", "actions": [action]}
    if rng.random() < 0.8:
        payload["user"] = {"id": "U0ANA", "team_id": "T0DEMO"}
    if rng.random() < 0.5:
        payload["trigger_id"] = "1.forged"
    return payload


def send(rounds: LocalRounds, payload: dict[str, Any]) -> int:
    body = urlencode({"payload": json.dumps({"team": {"id": "T0DEMO"}, **payload})})
    return rounds.slack.post(body, "application/x-www-form-urlencoded").status


def test_forged_interactions_are_answered_without_a_traceback(
    rounds: LocalRounds, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(19)
    payloads = [forged_view(rng, rng.choice(VIEWS)) for _ in range(200)]
    payloads += [forged_click(rng, rng.choice(ACTIONS)) for _ in range(100)]

    with caplog.at_level(logging.INFO):
        statuses = [send(rounds, payload) for payload in payloads]
        rounds.settle()

    tracebacks = [record for record in caplog.records if record.exc_info]
    assert [r.getMessage() for r in tracebacks] == []
    assert set(statuses) <= {200, 400, 404}

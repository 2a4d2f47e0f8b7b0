"""Picking a time, "None of these", proposing one's own, rescheduling and cancelling."""

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.meetings import MeetingProblem
from bot.meetings.messages import (
    CANCEL_ACTION,
    NONE_ACTION,
    PICK_ACTION,
    PROPOSE_ACTION,
    RESCHEDULE_ACTION,
    problem,
)
from bot.replies import Reply
from handlers.slack.commands import CommandRouter
from handlers.slack.listeners.common import action_value, presser, respond_privately
from handlers.slack.render import message_payload
from handlers.slack.views.checkins import message_view
from handlers.slack.views.inputs import Submission
from handlers.slack.views.meetings import PROPOSE_VIEW, propose_modal, read_proposal

PICK = re.compile(rf"^{re.escape(PICK_ACTION)}\d+$")


def _answer(respond: Respond, work: Callable[[], Reply]) -> None:
    try:
        message = work()
    except MeetingProblem as refused:
        respond_privately(respond)(problem(str(refused)))
        return
    respond(replace_original=True, **message_payload(message))


def _meeting_id(body: dict[str, Any]) -> int | None:
    try:
        return int(action_value(body))
    except ValueError:
        return None


def on_pick(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    value = action_value(body)
    _answer(respond, lambda: services.meetings.pick(presser(body), value))


def on_none(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    value = action_value(body)
    _answer(respond, lambda: services.meetings.none_of_these(presser(body), value))


def _on_meeting(
    act: Callable[[PersonRef, int], Reply], ack: Ack, body: dict[str, Any], respond: Respond
) -> None:
    ack()
    meeting_id = _meeting_id(body)
    if meeting_id is not None:
        _answer(respond, lambda: act(presser(body), meeting_id))


def on_reschedule(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    _on_meeting(services.meetings.reschedule, ack, body, respond)


def on_cancel(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    _on_meeting(services.meetings.cancel, ack, body, respond)


def on_propose(services: Services, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    meeting_id = _meeting_id(body)
    if meeting_id is not None:
        client.views_open(trigger_id=body["trigger_id"], view=propose_modal(meeting_id))


def on_proposal(services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    submission = Submission(view)
    start = read_proposal(submission)
    if start is None or not submission.metadata.isdigit():
        ack(response_action="errors", errors={"when": "Pick a day and a time."})
        return
    try:
        answer = services.meetings.propose(presser(body), int(submission.metadata), start)
    except MeetingProblem as refused:
        ack(response_action="errors", errors={"when": str(refused)})
        return
    ack(response_action="update", view=message_view("Time proposed", answer))


def register(app: App, services: Services, router: CommandRouter) -> None:
    app.action(PICK)(partial(on_pick, services))
    app.action(NONE_ACTION)(partial(on_none, services))
    app.action(PROPOSE_ACTION)(partial(on_propose, services))
    app.action(RESCHEDULE_ACTION)(partial(on_reschedule, services))
    app.action(CANCEL_ACTION)(partial(on_cancel, services))
    app.view(PROPOSE_VIEW)(partial(on_proposal, services))

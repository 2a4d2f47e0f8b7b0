"""`/mentor evaluators`: organizers mark who evaluates whom, so mentoring keeps apart."""

from functools import partial
from typing import Any

from slack_bolt import Ack, App

from bot.assessment import RoleMarking, marking_summary
from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.replies import paragraph, reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import ack_privately, organizers_only, presser
from handlers.slack.views.assessment import (
    EVALUATOR,
    evaluator_modal,
    marking_problems,
    read_marking,
)
from handlers.slack.views.checkins import message_view
from handlers.slack.views.inputs import Submission

ORGANIZERS_ONLY = reply(paragraph("Evaluative roles are set by the program organizers."))


def evaluators_command(services: Services, invocation: Invocation) -> None:
    if not organizers_only(
        services, invocation.user, ORGANIZERS_ONLY, ack_privately(invocation.ack)
    ):
        return
    invocation.ack()
    invocation.client.views_open(
        trigger_id=invocation.trigger_id, view=evaluator_modal(None, RoleMarking())
    )


def marking_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    organizer = presser(body)
    if not services.people.is_organizer(organizer):
        ack(response_action="errors", errors={"person": "Only organizers can set this."})
        return
    user_id, marking = read_marking(Submission(view))
    problems = marking_problems(user_id, marking)
    if problems or user_id is None:
        ack(response_action="errors", errors=problems)
        return
    saved = services.evaluative_roles.mark(
        PersonRef.slack(organizer.workspace_id, user_id), marking
    )
    ack(response_action="update", view=message_view("Saved", marking_summary(user_id, saved)))


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "evaluators")(partial(evaluators_command, services))
    app.view(EVALUATOR)(partial(marking_submitted, services))

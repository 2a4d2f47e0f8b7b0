from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.bootstrap import Services
from bot.mentoring.cohort import DISCARD, PUBLISH
from bot.replies import paragraph, reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import (
    ack_privately,
    action_value,
    organizers_only,
    presser,
    respond_privately,
)
from handlers.slack.listeners.mentor_request import show

ORGANIZERS_ONLY = reply(
    paragraph(
        "Cohort matching is for program organizers. Ask your program director if you need it."
    )
)


def cohort_command(services: Services, invocation: Invocation) -> None:
    if not organizers_only(
        services, invocation.user, ORGANIZERS_ONLY, ack_privately(invocation.ack)
    ):
        return
    invocation.ack(
        response_type="ephemeral",
        text="Matching everyone without a mentor: the draft will arrive in your messages.",
    )
    services.messenger.send_direct(invocation.user, services.cohort.draft(invocation.user))


def publish_pressed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    organizer = presser(body)
    if not organizers_only(services, organizer, ORGANIZERS_ONLY, respond_privately(respond)):
        return
    show(respond, services.cohort.publish(int(action_value(body)), organizer))


def discard_pressed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    show(respond, services.cohort.discard(int(action_value(body)), presser(body)))


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "cohort")(partial(cohort_command, services))
    app.action(PUBLISH)(partial(publish_pressed, services))
    app.action(DISCARD)(partial(discard_pressed, services))

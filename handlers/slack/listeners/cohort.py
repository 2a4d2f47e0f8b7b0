from typing import Any

from slack_bolt import Ack, App, Respond

from bot.bootstrap import Services
from bot.mentoring.cohort import DISCARD, PUBLISH
from bot.replies import paragraph, reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.mentor_request import action_value, presser, show
from handlers.slack.render import message_payload

ORGANIZERS_ONLY = reply(
    paragraph(
        "Cohort matching is for program organizers. Ask your program director if you need it."
    )
)


def register(app: App, services: Services, router: CommandRouter) -> None:
    @router.on("/mentor", "cohort")
    def cohort(invocation: Invocation) -> None:
        if not services.people.is_organizer(invocation.user):
            invocation.ack(response_type="ephemeral", **message_payload(ORGANIZERS_ONLY))
            return
        invocation.ack(
            response_type="ephemeral",
            text="Matching everyone without a mentor: the draft will arrive in your messages.",
        )
        services.messenger.send_direct(invocation.user, services.cohort.draft(invocation.user))

    @app.action(PUBLISH)
    def publish(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        organizer = presser(body)
        if not services.people.is_organizer(organizer):
            respond(
                response_type="ephemeral",
                replace_original=False,
                **message_payload(ORGANIZERS_ONLY),
            )
            return
        show(respond, services.cohort.publish(int(action_value(body)), organizer))

    @app.action(DISCARD)
    def discard(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        show(respond, services.cohort.discard(int(action_value(body)), presser(body)))

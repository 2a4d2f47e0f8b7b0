"""What every Slack listener reads from a payload, and the one guard for organizer actions."""

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.replies import Reply
from handlers.slack.render import message_payload

Tell = Callable[[Reply], object]


def presser(body: dict[str, Any]) -> PersonRef:
    """Who pressed the button or submitted the form."""
    user = body.get("user") or {}
    team = user.get("team_id") or (body.get("team") or {}).get("id") or ""
    return PersonRef.slack(str(team), str(user.get("id", "")))


def action_value(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("value", ""))


def respond_privately(respond: Respond) -> Tell:
    return lambda message: respond(
        response_type="ephemeral", replace_original=False, **message_payload(message)
    )


def ack_privately(ack: Ack) -> Tell:
    return lambda message: ack(response_type="ephemeral", **message_payload(message))


def organizers_only(services: Services, person: PersonRef, refusal: Reply, tell: Tell) -> bool:
    """Whether `person` may go on; anyone who is not an organizer is told `refusal` instead."""
    if services.people.is_organizer(person):
        return True
    tell(refusal)
    return False

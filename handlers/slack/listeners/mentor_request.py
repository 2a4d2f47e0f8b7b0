"""The /mentor journey in Slack: ask, choose, nudge, answer, introduce, end."""

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.mentoring import messages
from bot.mentoring.model import EndReason, Outcome
from bot.mentoring.requests import validate_request
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import action_value, presser, respond_privately
from handlers.slack.render import message_payload
from handlers.slack.views import request as views
from handlers.slack.views.inputs import Submission

__all__ = ["action_value", "presser", "register", "show"]


def show(respond: Respond, outcome: Outcome) -> None:
    """Replace the message that was pressed, or answer privately when nothing changed."""
    if outcome.changed:
        respond(replace_original=True, **message_payload(outcome.shown))
    else:
        respond_privately(respond)(outcome.shown)


def message_location(body: dict[str, Any]) -> str:
    container = body.get("container", {})
    return f"{container.get('channel_id', '')}:{container.get('message_ts', '')}"


def _two_ids(value: str) -> tuple[int, int]:
    first, second = value.split(":")
    return int(first), int(second)


def ask(invocation: Invocation) -> None:
    invocation.ack()
    invocation.client.views_open(
        trigger_id=invocation.trigger_id, view=views.request_modal(invocation.text)
    )


def tips(invocation: Invocation) -> None:
    invocation.ack(response_type="ephemeral", **message_payload(messages.tips_page()))


def request_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    request = views.read_request(Submission(view))
    problems = validate_request(request, services.clock.now().date())
    if problems:
        ack(response_action="errors", errors=problems)
        return
    ack()
    services.requests.start(presser(body), request)


def choose(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    request_id, mentor_id = _two_ids(action_value(body))
    show(respond, services.requests.choose(request_id, presser(body), mentor_id))


def best_match(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    show(respond, services.requests.choose(int(action_value(body)), presser(body), None))


def ask_organizers(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    show(respond, services.requests.ask_organizers(int(action_value(body)), presser(body)))


def cancel(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    show(respond, services.requests.cancel(int(action_value(body)), presser(body)))


def accept(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    request_id, offer_id = _two_ids(action_value(body))
    show(respond, services.requests.accept(request_id, offer_id, presser(body)))


def _open_answer_form(
    services: Services,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    modal: Callable[[str], dict[str, Any]],
) -> None:
    """Open a decline or suggest form, but only for the mentor the nudge was sent to."""
    request_id, offer_id = _two_ids(action_value(body))
    refused = services.requests.offer_refusal(request_id, offer_id, presser(body))
    if refused is not None:
        show(respond, refused)
        return
    metadata = f"{request_id}:{offer_id}:{message_location(body)}"
    client.views_open(trigger_id=body["trigger_id"], view=modal(metadata))


def decline(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    _open_answer_form(services, body, client, respond, views.decline_modal)


def suggest(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    _open_answer_form(services, body, client, respond, views.suggest_modal)


def decline_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
) -> None:
    submission = Submission(view)
    until = submission.day("unavailable_until")
    if until is not None and until <= services.clock.now().date():
        ack(response_action="errors", errors={"unavailable_until": "Pick a date after today."})
        return
    ack()
    request_id, offer_id, location = submission.metadata.split(":", 2)
    mentor = presser(body)
    outcome = services.requests.decline(
        int(request_id), int(offer_id), mentor, submission.text("reason"), until
    )
    answer_after_modal(services, client, mentor, location, outcome)


def suggest_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
) -> None:
    submission = Submission(view)
    colleague = submission.users("colleague")
    mentor = presser(body)
    if not colleague or colleague[0] == mentor.user_id:
        ack(
            response_action="errors",
            errors={"colleague": "Choose a colleague other than yourself."},
        )
        return
    ack()
    request_id, offer_id, location = submission.metadata.split(":", 2)
    outcome = services.requests.suggest_colleague(
        int(request_id), int(offer_id), mentor, PersonRef.slack(mentor.workspace_id, colleague[0])
    )
    answer_after_modal(services, client, mentor, location, outcome)


def end(services: Services, invocation: Invocation) -> None:
    invocation.ack()
    open_end_form(
        services, invocation.client, invocation.trigger_id, invocation.user, invocation.respond
    )


def end_button(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    open_end_form(services, client, body["trigger_id"], presser(body), respond)


def end_submitted(services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    ack()
    submission = Submission(view)
    person = presser(body)
    outcome = services.requests.end(
        int(submission.choice("relationship") or 0),
        person,
        EndReason(submission.choice("reason") or EndReason.GOAL_REACHED.value),
    )
    services.messenger.send_direct(person, outcome.shown)


def reflect(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(
        trigger_id=body["trigger_id"], view=views.reflection_modal(int(action_value(body)))
    )


def reflection_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    submission = Submission(view)
    if not submission.text("reflection"):
        ack(response_action="errors", errors={"reflection": "A line or two is plenty."})
        return
    ack()
    person = presser(body)
    outcome = services.requests.reflect(
        int(submission.metadata), person, submission.text("reflection")
    )
    services.messenger.send_direct(person, outcome.shown)


def open_end_form(
    services: Services, client: WebClient, trigger_id: str, person: PersonRef, respond: Respond
) -> None:
    open_ones = services.requests.active_relationships(person)
    if not open_ones:
        respond(
            response_type="ephemeral",
            text="You have no open mentoring relationships to close.",
        )
        return
    labels = [(rid, f"{name}: {goal[:40]}") for rid, name, goal in open_ones]
    client.views_open(trigger_id=trigger_id, view=views.end_modal(labels))


def answer_after_modal(
    services: Services, client: WebClient, person: PersonRef, location: str, outcome: Outcome
) -> None:
    """After a modal there is no response URL: update the nudge, or tell the person by DM."""
    channel, _, ts = location.partition(":")
    if outcome.changed and channel and ts:
        client.chat_update(channel=channel, ts=ts, **message_payload(outcome.shown))
    else:
        services.messenger.send_direct(person, outcome.shown)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "")(ask)
    router.on("/mentor", "tips")(tips)
    router.on("/mentor", "end")(partial(end, services))
    app.view(views.REQUEST)(partial(request_submitted, services))
    app.action(messages.CHOOSE)(partial(choose, services))
    app.action(messages.BEST_MATCH)(partial(best_match, services))
    app.action(messages.ASK_ORGANIZERS)(partial(ask_organizers, services))
    app.action(messages.CANCEL)(partial(cancel, services))
    app.action(messages.ACCEPT)(partial(accept, services))
    app.action(messages.DECLINE)(partial(decline, services))
    app.action(messages.SUGGEST)(partial(suggest, services))
    app.view(views.DECLINE)(partial(decline_submitted, services))
    app.view(views.SUGGEST)(partial(suggest_submitted, services))
    app.action(messages.END)(partial(end_button, services))
    app.view(views.END)(partial(end_submitted, services))
    app.action(messages.REFLECT)(reflect)
    app.view(views.REFLECT)(partial(reflection_submitted, services))

"""The /mentor journey in Slack: ask, choose, nudge, answer, introduce, end."""

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.mentoring import messages
from bot.mentoring.model import EndReason, Outcome
from bot.mentoring.requests import validate_request
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.render import message_payload
from handlers.slack.views import request as views
from handlers.slack.views.inputs import Submission


def presser(body: dict[str, Any]) -> PersonRef:
    return PersonRef.slack(body["user"]["team_id"], body["user"]["id"])


def action_value(body: dict[str, Any]) -> str:
    return str(body["actions"][0].get("value", ""))


def show(respond: Respond, outcome: Outcome) -> None:
    """Replace the message that was pressed, or answer privately when nothing changed."""
    if outcome.changed:
        respond(replace_original=True, **message_payload(outcome.shown))
    else:
        respond(response_type="ephemeral", replace_original=False, **message_payload(outcome.shown))


def message_location(body: dict[str, Any]) -> str:
    container = body.get("container", {})
    return f"{container.get('channel_id', '')}:{container.get('message_ts', '')}"


def register(app: App, services: Services, router: CommandRouter) -> None:
    requests = services.requests

    @router.on("/mentor", "")
    def ask(invocation: Invocation) -> None:
        invocation.ack()
        invocation.client.views_open(
            trigger_id=invocation.trigger_id, view=views.request_modal(invocation.text)
        )

    @router.on("/mentor", "tips")
    def tips(invocation: Invocation) -> None:
        invocation.ack(response_type="ephemeral", **message_payload(messages.tips_page()))

    @app.view(views.REQUEST)
    def request_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        request = views.read_request(Submission(view))
        problems = validate_request(request, services.clock.now().date())
        if problems:
            ack(response_action="errors", errors=problems)
            return
        ack()
        requests.start(presser(body), request)

    @app.action(messages.CHOOSE)
    def choose(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        request_id, mentor_id = action_value(body).split(":")
        show(respond, requests.choose(int(request_id), presser(body), int(mentor_id)))

    @app.action(messages.BEST_MATCH)
    def best_match(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        show(respond, requests.choose(int(action_value(body)), presser(body), None))

    @app.action(messages.CANCEL)
    def cancel(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        show(respond, requests.cancel(int(action_value(body)), presser(body)))

    @app.action(messages.ACCEPT)
    def accept(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        request_id, offer_id = action_value(body).split(":")
        show(respond, requests.accept(int(request_id), int(offer_id), presser(body)))

    @app.action(messages.DECLINE)
    def decline(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        metadata = f"{action_value(body)}:{message_location(body)}"
        client.views_open(trigger_id=body["trigger_id"], view=views.decline_modal(metadata))

    @app.action(messages.SUGGEST)
    def suggest(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        metadata = f"{action_value(body)}:{message_location(body)}"
        client.views_open(trigger_id=body["trigger_id"], view=views.suggest_modal(metadata))

    @app.view(views.DECLINE)
    def decline_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        submission = Submission(view)
        until = submission.day("unavailable_until")
        if until is not None and until <= services.clock.now().date():
            ack(response_action="errors", errors={"unavailable_until": "Pick a date after today."})
            return
        ack()
        request_id, offer_id, location = submission.metadata.split(":", 2)
        mentor = presser(body)
        outcome = requests.decline(
            int(request_id), int(offer_id), mentor, submission.text("reason"), until
        )
        answer_after_modal(services, client, mentor, location, outcome)

    @app.view(views.SUGGEST)
    def suggest_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
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
        outcome = requests.suggest_colleague(
            int(request_id),
            int(offer_id),
            mentor,
            PersonRef.slack(mentor.workspace_id, colleague[0]),
        )
        answer_after_modal(services, client, mentor, location, outcome)

    @router.on("/mentor", "end")
    def end(invocation: Invocation) -> None:
        invocation.ack()
        open_end_form(
            services, invocation.client, invocation.trigger_id, invocation.user, invocation.respond
        )

    @app.action(messages.END)
    def end_button(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        open_end_form(services, client, body["trigger_id"], presser(body), respond)

    @app.view(views.END)
    def end_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack()
        submission = Submission(view)
        person = presser(body)
        outcome = requests.end(
            int(submission.choice("relationship") or 0),
            person,
            EndReason(submission.choice("reason") or EndReason.GOAL_REACHED.value),
        )
        services.messenger.send_direct(person, outcome.shown)

    @app.action(messages.REFLECT)
    def reflect(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"], view=views.reflection_modal(int(action_value(body)))
        )

    @app.view(views.REFLECT)
    def reflection_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        submission = Submission(view)
        if not submission.text("reflection"):
            ack(response_action="errors", errors={"reflection": "A line or two is plenty."})
            return
        ack()
        person = presser(body)
        outcome = requests.reflect(int(submission.metadata), person, submission.text("reflection"))
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

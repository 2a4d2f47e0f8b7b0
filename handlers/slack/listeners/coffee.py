"""/coffee: rounds in a channel, the set-up modal, heads-up buttons and channel events."""

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.coffee.messages import (
    LEAVE_ACTION,
    PAUSE_ACTION,
    SKIP_ACTION,
    STAY_ACTION,
    button_for_someone_else,
    notice,
)
from bot.coffee.rounds import ChannelKey
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed
from bot.replies import Reply
from handlers.slack.commands import CommandRouter, Invocation, show_help
from handlers.slack.listeners.common import (
    ack_privately,
    action_value,
    organizers_only,
    presser,
    respond_privately,
)
from handlers.slack.listeners.dedupe import on_event
from handlers.slack.listeners.people import own_zone
from handlers.slack.render import message_payload
from handlers.slack.views import coffee as views
from handlers.slack.views.inputs import Submission

logger = logging.getLogger(__name__)

ORGANIZERS_ONLY = notice(
    "Only organizers can run coffee chats. Ask your program director if you would like them here."
)
IN_A_CHANNEL = notice("Type this in the channel whose coffee chats you mean.")


def _channel(invocation: Invocation) -> ChannelKey:
    return ChannelKey.of(invocation.user, invocation.channel_id)


def _may_go_on(services: Services, invocation: Invocation, organizers: bool) -> bool:
    """Typed in a channel (and by an organizer when it takes one); otherwise told why not."""
    tell = ack_privately(invocation.ack)
    if not invocation.channel_id or invocation.channel_id.startswith("D"):
        tell(IN_A_CHANNEL)
        return False
    return not organizers or organizers_only(services, invocation.user, ORGANIZERS_ONLY, tell)


def _answer(
    services: Services,
    invocation: Invocation,
    action: Callable[[ChannelKey], Reply],
    organizers: bool = True,
) -> None:
    if _may_go_on(services, invocation, organizers):
        ack_privately(invocation.ack)(action(_channel(invocation)))


def _target(body: dict[str, Any]) -> tuple[int, str] | None:
    """A button value "<number>:<user id>": what it is about and whom it is for."""
    number, _, user_id = action_value(body).partition(":")
    return (int(number), user_id) if number.isdigit() and user_id else None


def _confirm_privately(services: Services, person: PersonRef, message: Reply) -> None:
    """After a modal there is nothing to respond to, so the answer comes as a direct message."""
    try:
        services.messenger.send_direct(person, message)
    except DeliveryFailed as failure:
        logger.warning("coffee: could not confirm privately (%s)", failure.reason)


def status_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, services.coffee.status, organizers=False)


def pause_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, services.coffee.pause)


def resume_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, services.coffee.resume)


def skip_next_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, services.coffee.skip_next)


def stop_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, services.coffee.stop)


def join_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, partial(services.coffee.join, invocation.user), organizers=False)


def leave_command(services: Services, invocation: Invocation) -> None:
    _answer(services, invocation, partial(services.coffee.leave, invocation.user), organizers=False)


def run_now_command(services: Services, invocation: Invocation) -> None:
    if not _may_go_on(services, invocation, organizers=True):
        return
    ack_privately(invocation.ack)(notice("Running a round now…"))
    result = services.coffee.run_now(_channel(invocation))
    invocation.respond(response_type="ephemeral", **message_payload(result))


def never_command(services: Services, invocation: Invocation) -> None:
    invocation.ack()
    view = views.never_view(services.coffee.never_pair(invocation.user))
    invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)


def set_up_command(services: Services, invocation: Invocation) -> None:
    if invocation.text:
        show_help(invocation)
        return
    if not _may_go_on(services, invocation, organizers=True):
        return
    invocation.ack()
    zone = own_zone(services, invocation.client, invocation.user)
    current = services.coffee.settings_for(_channel(invocation), zone)
    invocation.client.views_open(
        trigger_id=invocation.trigger_id, view=views.setup_view(invocation.channel_id, current)
    )


def setup_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    organizer = presser(body)
    if not services.people.is_organizer(organizer):
        ack(response_action="errors", errors={"cadence": "Only organizers can set this up."})
        return
    submission = Submission(view)
    settings, problems = views.read_setup(submission)
    if settings is None:
        ack(response_action="errors", errors=problems)
        return
    ack()
    key = ChannelKey.of(organizer, submission.metadata)
    _confirm_privately(services, organizer, services.coffee.set_up(organizer, key, settings))


def skip_pressed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    target = _target(body)
    if target is not None:
        respond_privately(respond)(services.coffee.skip_round(presser(body), *target))


def pause_pressed(
    services: Services, ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
) -> None:
    ack()
    target = _target(body)
    if target is None:
        return
    program_id, user_id = target
    if presser(body).user_id != user_id:
        respond_privately(respond)(button_for_someone_else(user_id))
        return
    suggested = services.clock.now().date() + timedelta(days=14)
    client.views_open(trigger_id=body["trigger_id"], view=views.pause_view(program_id, suggested))


def pause_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    until = views.read_pause(view)
    if until is None:
        ack(response_action="errors", errors={"until": "Pick a date."})
        return
    if until <= services.clock.now().date():
        ack(response_action="errors", errors={"until": "Pick a date after today."})
        return
    ack()
    member = presser(body)
    program_id = int(Submission(view).metadata or "0")
    _confirm_privately(services, member, services.coffee.pause_member(member, program_id, until))


def _stay_answered(
    services: Services, ack: Ack, body: dict[str, Any], respond: Respond, stay: bool
) -> None:
    ack()
    target = _target(body)
    if target is not None:
        answer = services.coffee.answer_stay(presser(body), *target, stay=stay)
        respond_privately(respond)(answer)


def stay_pressed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    _stay_answered(services, ack, body, respond, stay=True)


def leave_pressed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    _stay_answered(services, ack, body, respond, stay=False)


def never_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    ack()
    member = presser(body)
    saved = services.coffee.set_never_pair(member, Submission(view).users("people"))
    _confirm_privately(services, member, saved)


def _channel_changed(
    change: Callable[[PersonRef, str], None],
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
) -> None:
    """Someone joined or left a channel; the app's own comings and goings do not count."""
    user = str(event.get("user", ""))
    if user and user != context.bot_user_id:
        change(PersonRef.slack(str(body["team_id"]), user), str(event.get("channel", "")))


def member_joined(
    services: Services,
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    _client: WebClient,
) -> None:
    _channel_changed(services.coffee.member_joined, event, body, context)


def member_left(
    services: Services,
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    _client: WebClient,
) -> None:
    _channel_changed(services.coffee.member_left, event, body, context)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/coffee", "status")(partial(status_command, services))
    router.on("/coffee", "pause")(partial(pause_command, services))
    router.on("/coffee", "resume")(partial(resume_command, services))
    router.on("/coffee", "skip-next")(partial(skip_next_command, services))
    router.on("/coffee", "stop")(partial(stop_command, services))
    router.on("/coffee", "run-now")(partial(run_now_command, services))
    router.on("/coffee", "join")(partial(join_command, services))
    router.on("/coffee", "leave")(partial(leave_command, services))
    router.on("/coffee", "never")(partial(never_command, services))
    router.on("/coffee", "")(partial(set_up_command, services))
    app.view(views.SETUP_VIEW)(partial(setup_submitted, services))
    app.action(SKIP_ACTION)(partial(skip_pressed, services))
    app.action(PAUSE_ACTION)(partial(pause_pressed, services))
    app.view(views.PAUSE_VIEW)(partial(pause_submitted, services))
    app.action(STAY_ACTION)(partial(stay_pressed, services))
    app.action(LEAVE_ACTION)(partial(leave_pressed, services))
    app.view(views.NEVER_VIEW)(partial(never_submitted, services))
    on_event(app, services, "member_joined_channel", partial(member_joined, services))
    on_event(app, services, "member_left_channel", partial(member_left, services))

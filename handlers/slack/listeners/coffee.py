"""/coffee: rounds in a channel, the set-up modal, heads-up buttons and channel events."""

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.coffee.cadence import CADENCE_LABELS, CADENCES, WEEKDAY_NAMES
from bot.coffee.messages import (
    LEAVE_ACTION,
    MODE_LABELS,
    PAUSE_ACTION,
    SKIP_ACTION,
    STAY_ACTION,
    ProgramSettings,
    button_for_someone_else,
    notice,
)
from bot.coffee.rounds import ChannelKey, validate_settings
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed
from bot.replies import Reply
from handlers.slack.commands import CommandRouter, Invocation, show_help
from handlers.slack.listeners.common import respond_privately
from handlers.slack.listeners.dedupe import EventListener, on_event
from handlers.slack.render import message_payload

logger = logging.getLogger(__name__)

SETUP_VIEW = "coffee_setup"
PAUSE_VIEW = "coffee_pause"
NEVER_VIEW = "coffee_never"
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "Europe/London",
    "Europe/Paris",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Australia/Sydney",
    "UTC",
)
ORGANIZERS_ONLY = notice(
    "Only organizers can run coffee chats. Ask your program director if you would like them here."
)
IN_A_CHANNEL = notice("Type this in the channel whose coffee chats you mean.")


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": _text(label[:75]), "value": value}


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> dict[str, Any]:
    rendered = [_option(value, text) for value, text in options]
    initial = next((option for option in rendered if option["value"] == chosen), rendered[0])
    return {
        "type": "input",
        "block_id": name,
        "label": _text(label),
        "element": {
            "type": "static_select",
            "action_id": name,
            "options": rendered,
            "initial_option": initial,
        },
    }


def _modal(
    callback_id: str, title: str, metadata: str, blocks: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": metadata,
        "title": _text(title),
        "submit": _text("Save"),
        "close": _text("Cancel"),
        "blocks": blocks,
    }


def setup_view(channel_id: str, current: ProgramSettings) -> dict[str, Any]:
    """The /coffee modal, filled in with the channel's current settings."""
    zones = list(COMMON_ZONES)
    if current.timezone not in zones:
        zones.insert(0, current.timezone)
    return _modal(
        SETUP_VIEW,
        "Coffee chats",
        channel_id,
        [
            _select(
                "cadence",
                "How often",
                [(cadence, CADENCE_LABELS[cadence]) for cadence in CADENCES],
                current.cadence,
            ),
            _select(
                "weekday",
                "On",
                [(str(day), name) for day, name in enumerate(WEEKDAY_NAMES)],
                str(current.weekday),
            ),
            _select(
                "hour",
                "At",
                [(str(hour), f"{hour:02d}:00") for hour in range(24)],
                str(current.hour),
            ),
            _select("timezone", "Time zone", [(zone, zone) for zone in zones], current.timezone),
            _select(
                "group_size",
                "Group size",
                [("2", "Pairs"), ("3", "Groups of three")],
                str(current.group_size),
            ),
            _select("mode", "Who meets whom", list(MODE_LABELS.items()), current.mode),
        ],
    )


def pause_view(program_id: int, suggested: date) -> dict[str, Any]:
    return _modal(
        PAUSE_VIEW,
        "Pause coffee chats",
        str(program_id),
        [
            {
                "type": "input",
                "block_id": "until",
                "label": _text("No introductions up to and including"),
                "element": {
                    "type": "datepicker",
                    "action_id": "date",
                    "initial_date": suggested.isoformat(),
                },
            }
        ],
    )


def never_view(current: list[str]) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "multi_users_select", "action_id": "people"}
    if current:
        element["initial_users"] = current
    return _modal(
        NEVER_VIEW,
        "Never pair me with",
        "",
        [
            {
                "type": "input",
                "block_id": "people",
                "optional": True,
                "label": _text("People you never want in your coffee-chat group"),
                "element": element,
            },
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": "Only you can see this list. Nobody is told."}
                ],
            },
        ],
    )


def parse_setup(values: dict[str, Any]) -> tuple[ProgramSettings | None, dict[str, str]]:
    """Settings from the modal's state, or the problems to show next to its fields."""

    def chosen(name: str) -> str:
        option = (values.get(name, {}).get(name, {}) or {}).get("selected_option") or {}
        return str(option.get("value", ""))

    numbers: dict[str, int] = {}
    problems: dict[str, str] = {}
    for name in ("weekday", "hour", "group_size"):
        try:
            numbers[name] = int(chosen(name))
        except ValueError:
            problems[name] = "Pick one of the options."
    if problems:
        return None, problems
    settings = ProgramSettings(
        cadence=chosen("cadence"),  # type: ignore[arg-type]  # checked by validate_settings
        weekday=numbers["weekday"],
        hour=numbers["hour"],
        timezone=chosen("timezone"),
        group_size=numbers["group_size"],
        mode=chosen("mode"),  # type: ignore[arg-type]  # checked by validate_settings
    )
    problems = validate_settings(settings)
    return (None if problems else settings), problems


def _presser(body: dict[str, Any]) -> PersonRef:
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    return PersonRef.slack(str(team), str(body["user"]["id"]))


def _value(body: dict[str, Any]) -> tuple[int, str] | None:
    """A button value "<number>:<user id>": what it is about and whom it is for."""
    number, _, user_id = str(body["actions"][0].get("value", "")).partition(":")
    return (int(number), user_id) if number.isdigit() and user_id else None


def register(app: App, services: Services, router: CommandRouter) -> None:
    coffee = services.coffee

    def send_privately(person: PersonRef, message: Reply) -> None:
        try:
            services.messenger.send_direct(person, message)
        except DeliveryFailed as failure:
            logger.warning("coffee: could not confirm privately (%s)", failure.reason)

    def refusal(invocation: Invocation, organizers_only: bool) -> Reply | None:
        if not invocation.channel_id or invocation.channel_id.startswith("D"):
            return IN_A_CHANNEL
        if organizers_only and not services.people.is_organizer(invocation.user):
            return ORGANIZERS_ONLY
        return None

    def answer(
        action: Callable[[ChannelKey], Reply], organizers_only: bool = True
    ) -> Callable[[Invocation], None]:
        def route(invocation: Invocation) -> None:
            problem = refusal(invocation, organizers_only)
            key = ChannelKey.of(invocation.user, invocation.channel_id)
            message = problem or action(key)
            invocation.ack(response_type="ephemeral", **message_payload(message))

        return route

    router.on("/coffee", "status")(answer(coffee.status, organizers_only=False))
    router.on("/coffee", "pause")(answer(coffee.pause))
    router.on("/coffee", "resume")(answer(coffee.resume))
    router.on("/coffee", "skip-next")(answer(coffee.skip_next))
    router.on("/coffee", "stop")(answer(coffee.stop))

    @router.on("/coffee", "run-now")
    def run_now(invocation: Invocation) -> None:
        problem = refusal(invocation, organizers_only=True)
        if problem is not None:
            invocation.ack(response_type="ephemeral", **message_payload(problem))
            return
        invocation.ack(response_type="ephemeral", **message_payload(notice("Running a round now…")))
        result = coffee.run_now(ChannelKey.of(invocation.user, invocation.channel_id))
        invocation.respond(response_type="ephemeral", **message_payload(result))

    @router.on("/coffee", "join")
    def join(invocation: Invocation) -> None:
        key = ChannelKey.of(invocation.user, invocation.channel_id)
        message = refusal(invocation, False) or coffee.join(invocation.user, key)
        invocation.ack(response_type="ephemeral", **message_payload(message))

    @router.on("/coffee", "leave")
    def leave(invocation: Invocation) -> None:
        key = ChannelKey.of(invocation.user, invocation.channel_id)
        message = refusal(invocation, False) or coffee.leave(invocation.user, key)
        invocation.ack(response_type="ephemeral", **message_payload(message))

    @router.on("/coffee", "never")
    def never(invocation: Invocation) -> None:
        invocation.ack()
        view = never_view(coffee.never_pair(invocation.user))
        invocation.client.views_open(trigger_id=invocation.trigger_id, view=view)

    @router.on("/coffee", "")
    def set_up(invocation: Invocation) -> None:
        if invocation.text:
            show_help(invocation)
            return
        problem = refusal(invocation, organizers_only=True)
        if problem is not None:
            invocation.ack(response_type="ephemeral", **message_payload(problem))
            return
        invocation.ack()
        organizer = services.people.find(invocation.user)
        zone = (organizer.timezone if organizer else None) or services.settings.DEFAULT_TIMEZONE
        current = coffee.settings_for(ChannelKey.of(invocation.user, invocation.channel_id), zone)
        invocation.client.views_open(
            trigger_id=invocation.trigger_id, view=setup_view(invocation.channel_id, current)
        )

    @app.view(SETUP_VIEW)
    def on_setup(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        organizer = _presser(body)
        if not services.people.is_organizer(organizer):
            ack(response_action="errors", errors={"cadence": "Only organizers can set this up."})
            return
        settings, problems = parse_setup(view["state"]["values"])
        if settings is None:
            ack(response_action="errors", errors=problems)
            return
        ack()
        key = ChannelKey.of(organizer, str(view.get("private_metadata", "")))
        send_privately(organizer, coffee.set_up(organizer, key, settings))

    @app.action(SKIP_ACTION)
    def on_skip(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        target = _value(body)
        if target is not None:
            respond_privately(respond)(coffee.skip_round(_presser(body), *target))

    @app.action(PAUSE_ACTION)
    def on_pause(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()
        target = _value(body)
        if target is None:
            return
        program_id, user_id = target
        if _presser(body).user_id != user_id:
            respond_privately(respond)(button_for_someone_else(user_id))
            return
        suggested = services.clock.now().date() + timedelta(days=14)
        client.views_open(trigger_id=body["trigger_id"], view=pause_view(program_id, suggested))

    @app.view(PAUSE_VIEW)
    def on_pause_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        picked = view["state"]["values"].get("until", {}).get("date", {}).get("selected_date")
        try:
            until = date.fromisoformat(str(picked))
        except ValueError:
            ack(response_action="errors", errors={"until": "Pick a date."})
            return
        if until <= services.clock.now().date():
            ack(response_action="errors", errors={"until": "Pick a date after today."})
            return
        ack()
        member = _presser(body)
        program_id = int(str(view.get("private_metadata") or "0"))
        send_privately(member, coffee.pause_member(member, program_id, until))

    def stay_answer(stay: bool) -> Callable[..., None]:
        def on_answer(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            target = _value(body)
            if target is not None:
                respond_privately(respond)(coffee.answer_stay(_presser(body), *target, stay=stay))

        return on_answer

    app.action(STAY_ACTION)(stay_answer(True))
    app.action(LEAVE_ACTION)(stay_answer(False))

    @app.view(NEVER_VIEW)
    def on_never(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        ack()
        chosen = view["state"]["values"].get("people", {}).get("people", {})
        member = _presser(body)
        saved = coffee.set_never_pair(member, [str(u) for u in chosen.get("selected_users") or []])
        send_privately(member, saved)

    def channel_event(change: Callable[[PersonRef, str], None]) -> EventListener:
        def on_membership(
            event: dict[str, Any], body: dict[str, Any], context: BoltContext, _client: WebClient
        ) -> None:
            user = str(event.get("user", ""))
            if user and user != context.bot_user_id:
                change(PersonRef.slack(str(body["team_id"]), user), str(event.get("channel", "")))

        return on_membership

    on_event(app, services, "member_joined_channel", channel_event(coffee.member_joined))
    on_event(app, services, "member_left_channel", channel_event(coffee.member_left))

"""Slash commands with sub-commands: each concern adds its own, one listener per command."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.help import COMMAND_HELP, command_help
from bot.identity import PersonRef
from handlers.slack.render import message_payload

COMMANDS = tuple(COMMAND_HELP)


@dataclass(frozen=True)
class Invocation:
    """One slash command as typed: `/mentor goals add Finish my QI poster`."""

    command: str
    subcommand: str
    rest: str
    text: str
    user: PersonRef
    channel_id: str
    trigger_id: str
    ack: Ack
    respond: Respond
    client: WebClient


Subcommand = Callable[[Invocation], None]


class CommandRouter:
    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], Subcommand] = {}

    def on(self, command: str, subcommand: str) -> Callable[[Subcommand], Subcommand]:
        """Route `command subcommand ...`; the subcommand "" takes free text after the command."""

        def add(route: Subcommand) -> Subcommand:
            self._routes[(command, subcommand)] = route
            return route

        return add

    def register(self, app: App) -> None:
        for command in COMMANDS:
            app.command(command)(self._listener(command))

    def _route(self, invocation: Invocation) -> Subcommand | None:
        """A known sub-command wins; several words go to the command's free-text route."""
        command, subcommand = invocation.command, invocation.subcommand
        if subcommand == "help" and not invocation.rest:
            return None
        known = self._routes.get((command, subcommand))
        if known is not None and subcommand != "help":
            return known
        free_text = self._routes.get((command, ""))
        if subcommand == "" or (free_text is not None and invocation.rest):
            return free_text
        return None

    def _listener(self, command: str) -> Callable[..., None]:
        return partial(dispatch, self, command)

    def dispatch(self, invocation: Invocation) -> None:
        route = self._route(invocation)
        if route is None:
            show_help(invocation)
        else:
            route(invocation)


def dispatch(
    router: CommandRouter,
    command: str,
    ack: Ack,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
) -> None:
    """The one Bolt listener behind each slash command: read the words, then route them."""
    text = (body.get("text") or "").strip()
    words = text.split(maxsplit=1)
    router.dispatch(
        Invocation(
            command=command,
            subcommand=words[0].lower() if words else "",
            rest=words[1] if len(words) > 1 else "",
            text=text,
            user=PersonRef.slack(body["team_id"], body["user_id"]),
            channel_id=body.get("channel_id", ""),
            trigger_id=body.get("trigger_id", ""),
            ack=ack,
            respond=respond,
            client=client,
        )
    )


def show_help(invocation: Invocation) -> None:
    unknown = invocation.subcommand if invocation.subcommand not in ("", "help") else None
    invocation.ack(
        response_type="ephemeral", **message_payload(command_help(invocation.command, unknown))
    )

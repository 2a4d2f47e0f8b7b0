"""Card actions in Teams: one registry from action id to handler, shared by every journey.

A journey registers its action ids once (`actions.on(messages.ACCEPT)(fn)`); the invoke route
hands each Action.Execute to the handler for its verb.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.identity import PersonRef
from bot.mentoring.model import Outcome
from bot.replies import Reply, paragraph, reply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Press:
    """Someone pressed a card button: the action id, its value and any form fields."""

    person: PersonRef
    action_id: str
    value: str
    inputs: Mapping[str, str] = field(default_factory=dict)

    def field(self, name: str) -> str:
        return self.inputs.get(name, "").strip()


@dataclass(frozen=True)
class Answer:
    """What the presser sees: a reply in place of the card they pressed, a raw card (a form),
    or a short message that leaves the card as it was."""

    replace: Reply | None = None
    card: dict[str, Any] | None = None
    message: Reply | None = None


def shown(outcome: Outcome) -> Answer:
    """A change replaces the card; a refusal or a no-op only says why, leaving it in place."""
    return Answer(replace=outcome.shown) if outcome.changed else Answer(message=outcome.shown)


def say(text: str) -> Answer:
    return Answer(message=reply(paragraph(text), summary=text))


Handler = Callable[[Press], Answer]
OUT_OF_DATE = "That button is out of date, so nothing changed."


class Actions:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def on(self, action_id: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if action_id in self._handlers:
                raise ValueError(f"{action_id} already has a handler")
            self._handlers[action_id] = handler
            return handler

        return register

    def __contains__(self, action_id: str) -> bool:
        return action_id in self._handlers

    def handle(self, press: Press) -> Answer:
        handler = self._handlers.get(press.action_id)
        if handler is None:
            return say(OUT_OF_DATE)
        try:
            return handler(press)
        except (ValueError, LookupError):
            # A value Rounds did not write (an old card, a hand-made request): refuse politely.
            logger.info("refused a malformed %s press", press.action_id)
            return say(OUT_OF_DATE)

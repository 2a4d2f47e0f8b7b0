"""The one place coffee rounds send from, always after their transaction has committed.

A failed delivery is logged and the round goes on without it.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Reply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """A direct message to one person."""

    to: PersonRef
    message: Reply


class Sending(Protocol):
    """Everything coffee rounds send; nothing else in the package touches the Messenger."""

    def announce(self, channel_id: str, message: Reply) -> bool: ...

    def introduce(
        self, group_id: int, people: Sequence[PersonRef], message: Reply
    ) -> str | None: ...

    def deliver(self, deliveries: Sequence[Delivery]) -> None: ...


class CoffeeSending:
    """Sends at once through the Messenger; a failure is logged, never retried."""

    def __init__(self, messenger: Messenger) -> None:
        self.messenger = messenger

    def announce(self, channel_id: str, message: Reply) -> bool:
        """Post in the channel; False when it could not be posted."""
        try:
            self.messenger.send_channel(channel_id, message)
        except DeliveryFailed as failure:
            logger.warning("coffee: could not announce in a channel (%s)", failure.reason)
            return False
        return True

    def introduce(self, group_id: int, people: Sequence[PersonRef], message: Reply) -> str | None:
        """The conversation the group was introduced in, or None when it could not be sent."""
        try:
            return self.messenger.send_group(people, message).conversation_id
        except DeliveryFailed as failure:
            logger.warning("coffee: group %s was not introduced (%s)", group_id, failure.reason)
            return None

    def deliver(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            try:
                self.messenger.send_direct(delivery.to, delivery.message)
            except DeliveryFailed as failure:
                logger.warning("coffee: a direct message failed (%s)", failure.reason)

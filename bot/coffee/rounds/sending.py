"""The one place coffee rounds send from: outbox rows in the change's own transaction.

Nothing leaves unless the change that owes it commits; the outbox then sends each row once,
retries while the platform is busy and shows refusals to organizers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.outbox import Outbox, Urgency, channel_post, direct, group_chat
from bot.replies import Reply
from storage.coffee import CoffeeRepository
from storage.prompts import PromptRepository, PromptStatus

COFFEE_GROUP = "coffee_group"


class CoffeeKind(StrEnum):
    ANNOUNCEMENT = "coffee_announcement"
    INTRODUCTION = "coffee_introduction"
    HEADS_UP = "coffee_heads_up"
    STAY_QUESTION = "coffee_stay_question"
    UNPLACED = "coffee_unplaced"


@dataclass(frozen=True)
class Delivery:
    """A direct message to one person; it waits for the end of their quiet hours."""

    kind: CoffeeKind
    to: int
    message: Reply
    dedupe_key: str = ""


def introduction_key(group_id: int) -> str:
    return f"{CoffeeKind.INTRODUCTION}:{group_id}"


class CoffeeSending:
    """Queues what coffee rounds say in the caller's transaction."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def announce(
        self, coffee: CoffeeRepository, workspace_id: str, channel_id: str, message: Reply
    ) -> int | None:
        """Post in the channel; the outbox row's id, None when it was already posted."""
        queued = self.outbox.post(
            coffee.session,
            channel_post(
                CoffeeKind.ANNOUNCEMENT,
                channel_id,
                message,
                workspace_id=workspace_id,
            ),
        )
        return queued.prompt_id if queued else None

    def refused(self, prompt_id: int) -> bool:
        """Whether the platform turned the message down (it is on the App Home if so)."""
        with self.outbox.database.read() as session:
            row = PromptRepository(session).get(prompt_id)
            return row is not None and row.status == PromptStatus.FAILED

    def introduce(
        self, coffee: CoffeeRepository, group_id: int, people: Sequence[int], message: Reply
    ) -> None:
        """The group's shared conversation; where it opened is kept once it is sent."""
        self.outbox.post(
            coffee.session,
            group_chat(
                CoffeeKind.INTRODUCTION,
                people,
                message,
                dedupe_key=introduction_key(group_id),
                subject=(COFFEE_GROUP, group_id),
            ),
        )

    def deliver(self, coffee: CoffeeRepository, deliveries: Sequence[Delivery]) -> None:
        self.outbox.post_all(
            coffee.session,
            (
                direct(
                    delivery.kind,
                    delivery.to,
                    delivery.message,
                    Urgency.QUIET_HOURS,
                    dedupe_key=delivery.dedupe_key,
                )
                for delivery in deliveries
            ),
        )

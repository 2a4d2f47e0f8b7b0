"""What a feature hands the outbox: one message, to whom, of which kind, and how soon."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.identity import PersonRef
from bot.messaging import Attachment
from bot.outbox.rules import Urgency
from bot.replies import Reply

Recipient = PersonRef | int


@dataclass(frozen=True)
class Outgoing:
    """A message to one person, a group chat, a channel, or a replacement of an earlier one.

    ``message`` None means the kind's composer writes it when it is sent (check-in prompts,
    which re-check that they are still wanted). ``dedupe_key`` makes posting twice harmless.
    ``workspace_id`` says where a channel post goes; other messages go where their people are.
    """

    kind: str
    message: Reply | None
    to: Recipient | None = None
    group: tuple[Recipient, ...] = ()
    channel_id: str | None = None
    workspace_id: str | None = None
    update_of: int | None = None
    urgency: Urgency = Urgency.QUIET_HOURS
    due: datetime | None = None
    dedupe_key: str = ""
    subject_type: str = ""
    subject_id: int = 0
    files: tuple[Attachment, ...] = ()

    @property
    def key(self) -> str:
        return self.dedupe_key or f"{self.kind}:{uuid.uuid4().hex}"


def direct(
    kind: str,
    to: Recipient,
    message: Reply | None,
    urgency: Urgency = Urgency.QUIET_HOURS,
    *,
    due: datetime | None = None,
    dedupe_key: str = "",
    subject: tuple[str, int] = ("", 0),
    files: tuple[Attachment, ...] = (),
) -> Outgoing:
    """A message to one person; ``files`` (an invite, say) follow it in the same conversation."""
    return Outgoing(
        kind,
        message,
        to=to,
        urgency=urgency,
        due=due,
        dedupe_key=dedupe_key,
        subject_type=subject[0],
        subject_id=subject[1],
        files=files,
    )


def group_chat(
    kind: str,
    people: Sequence[Recipient],
    message: Reply,
    *,
    dedupe_key: str = "",
    subject: tuple[str, int] = ("", 0),
) -> Outgoing:
    """One shared conversation where the platform has them, else a copy for each person."""
    return Outgoing(
        kind,
        message,
        group=tuple(people),
        urgency=Urgency.NOW,
        dedupe_key=dedupe_key,
        subject_type=subject[0],
        subject_id=subject[1],
    )


def channel_post(
    kind: str,
    channel_id: str,
    message: Reply,
    *,
    workspace_id: str | None = None,
    dedupe_key: str = "",
) -> Outgoing:
    """A post in a channel of ``workspace_id`` (None: the only workspace Rounds serves)."""
    return Outgoing(
        kind,
        message,
        channel_id=channel_id,
        workspace_id=workspace_id,
        urgency=Urgency.NOW,
        dedupe_key=dedupe_key,
    )


def replacement(kind: str, of: int, message: Reply, *, dedupe_key: str = "") -> Outgoing:
    """Rewrite the message sent for outbox row ``of``: it no longer applies as it was."""
    return Outgoing(kind, message, update_of=of, urgency=Urgency.NOW, dedupe_key=dedupe_key)

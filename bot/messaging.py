"""The port through which services reach people; each platform adapter implements it."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.identity import PersonRef
from bot.replies import Reply


@dataclass(frozen=True)
class SentMessage:
    conversation_id: str
    message_id: str


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message, such as a calendar invite."""

    filename: str
    content: bytes
    mime_type: str
    title: str = ""


class DeliveryFailed(Exception):
    """The platform would not take the message even after its own retries.

    The messenger that raises it decides ``transient`` (busy, rate limited, timed out: worth
    trying again later) and, when the platform said so, ``retry_after`` in seconds; ``bot/``
    reads only these and never the platform's own error names.
    """

    def __init__(
        self, reason: str, *, transient: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after


class Messenger(Protocol):
    @property
    def opens_group_chats(self) -> bool:
        """True when send_group starts one shared conversation; else each person gets a copy."""
        ...

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage: ...

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage: ...

    def send_channel(
        self, channel_id: str, message: Reply, *, workspace_id: str | None = None
    ) -> SentMessage:
        """Post in a channel of ``workspace_id``; None where the platform needs none."""
        ...

    def update(
        self, sent: SentMessage, message: Reply, *, workspace_id: str | None = None
    ) -> None: ...

    def send_files(
        self, sent: SentMessage, files: Sequence[Attachment], *, workspace_id: str | None = None
    ) -> None:
        """Add files to the conversation ``sent`` went to, right after it."""
        ...


@dataclass
class RecordingMessenger:
    """Keeps what would have been sent, for testing services without a platform."""

    sent: list[tuple[str, Reply]]
    files: list[tuple[str, Attachment]]
    opens_group_chats: bool = True

    def __init__(self) -> None:
        self.sent = []
        self.files = []

    def _keep(self, to: str, message: Reply) -> SentMessage:
        self.sent.append((to, message))
        return SentMessage(to, str(len(self.sent)))

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage:
        return self._keep(to.user_id, message)

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage:
        return self._keep(",".join(p.user_id for p in people), message)

    def send_channel(
        self, channel_id: str, message: Reply, *, workspace_id: str | None = None
    ) -> SentMessage:
        return self._keep(channel_id, message)

    def update(self, sent: SentMessage, message: Reply, *, workspace_id: str | None = None) -> None:
        self.sent.append((sent.conversation_id, message))

    def send_files(
        self, sent: SentMessage, files: Sequence[Attachment], *, workspace_id: str | None = None
    ) -> None:
        self.files.extend((sent.conversation_id, file) for file in files)

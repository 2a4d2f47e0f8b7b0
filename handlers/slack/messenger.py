import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.identity import PersonRef
from bot.messaging import Attachment, DeliveryFailed, SentMessage
from bot.replies import Reply
from handlers.slack.pacing import Pacer
from handlers.slack.render import message_pages, message_payload

logger = logging.getLogger(__name__)

MAX_GROUP_DM = 8
CACHED_CONVERSATIONS = 20_000
# The conversation went away or was archived: open it afresh once, then give up.
STALE_CONVERSATION = frozenset({"channel_not_found", "is_archived", "not_in_channel"})
# Slack's answers that mean "busy now, try later"; any other error name is final.
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "rate_limited",
        "fatal_error",
        "internal_error",
        "service_unavailable",
        "request_timeout",
    }
)


class SlackMessenger:
    """Delivers replies as Slack messages; the client already retries 429s and 5xx.

    Calls are paced within Slack's per-method limits, and the conversation opened for a set
    of people is remembered (conversations.open is only Tier 3), so a burst of DMs costs
    one conversations.open per person, not per message.
    """

    opens_group_chats = True

    def __init__(self, client: WebClient, pacer: Pacer | None = None) -> None:
        self.client = client
        self.pacer = pacer or Pacer()
        self._conversations: OrderedDict[str, str] = OrderedDict()
        self._conversations_lock = threading.Lock()
        self._opening: dict[str, threading.Lock] = {}

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage:
        return self._send_to([to.user_id], message)

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage:
        user_ids = sorted({person.user_id for person in people})
        if len(user_ids) > MAX_GROUP_DM:
            raise DeliveryFailed("a group conversation holds at most 8 people")
        return self._send_to(user_ids, message)

    def people_in(self, conversation_id: str) -> tuple[str, ...]:
        """The user ids a remembered conversation was opened with (for showing who got what)."""
        with self._conversations_lock:
            for users, channel in self._conversations.items():
                if channel == conversation_id:
                    return tuple(users.split(","))
        return ()

    def _send_to(self, user_ids: list[str], message: Reply) -> SentMessage:
        try:
            return self._post(self._open(user_ids), message)
        except DeliveryFailed as failure:
            if failure.reason not in STALE_CONVERSATION:
                raise
        return self._post(self._open(user_ids, fresh=True), message)

    def send_channel(self, channel_id: str, message: Reply) -> SentMessage:
        return self._post(channel_id, message)

    def update(self, sent: SentMessage, message: Reply) -> None:
        self.pacer.wait("chat.update", sent.conversation_id)
        try:
            self.client.chat_update(
                channel=sent.conversation_id, ts=sent.message_id, **message_payload(message)
            )
        except SlackClientError as error:
            raise _failure(error) from None

    def send_files(self, sent: SentMessage, files: Sequence[Attachment]) -> None:
        uploads = [
            {
                "content": file.content,
                "filename": file.filename,
                "title": file.title or file.filename,
            }
            for file in files
        ]
        self.pacer.wait("files.completeUploadExternal", sent.conversation_id)
        try:
            self.client.files_upload_v2(channel=sent.conversation_id, file_uploads=uploads)
        except SlackClientError as error:
            raise _failure(error) from None

    def _open(self, user_ids: list[str], fresh: bool = False) -> str:
        users = ",".join(user_ids)
        if not fresh and (known := self._remembered(users)) is not None:
            return known
        with self._conversations_lock:
            opening = self._opening.setdefault(users, threading.Lock())
        # Several messages to one person at once must not each open the conversation.
        with opening:
            if not fresh and (known := self._remembered(users)) is not None:
                return known
            self.pacer.wait("conversations.open")
            try:
                response = self.client.conversations_open(users=users)
            except SlackClientError as error:
                raise _failure(error) from None
            channel = str(response["channel"]["id"])
            with self._conversations_lock:
                self._conversations[users] = channel
                if len(self._conversations) > CACHED_CONVERSATIONS:
                    self._conversations.popitem(last=False)
                self._opening.pop(users, None)
        return channel

    def _remembered(self, users: str) -> str | None:
        with self._conversations_lock:
            known = self._conversations.get(users)
            if known is not None:
                self._conversations.move_to_end(users)
            return known

    def _post(self, channel: str, message: Reply) -> SentMessage:
        first, *rest = message_pages(message)
        sent = self._post_page(channel, first)
        for number, page in enumerate(rest, 2):
            try:
                self._post_page(sent.conversation_id, {**page, "thread_ts": sent.message_id})
            except DeliveryFailed as failure:
                # The message itself arrived; sending it again for its tail would double it.
                logger.warning("page %s of a long message was not sent: %s", number, failure.reason)
                break
        return sent

    def _post_page(self, channel: str, page: dict[str, Any]) -> SentMessage:
        self.pacer.wait("chat.postMessage", channel)
        try:
            response = self.client.chat_postMessage(channel=channel, **page)
        except SlackClientError as error:
            raise _failure(error) from None
        return SentMessage(str(response["channel"]), str(response["ts"]))


def _failure(error: SlackClientError) -> DeliveryFailed:
    """Slack's error, classified: an API answer by its name and status, anything else (a
    timeout, a dropped connection) as transient."""
    if not isinstance(error, SlackApiError):
        return DeliveryFailed(type(error).__name__, transient=True)
    name = str(error.response.get("error", "slack_error"))
    status = error.response.status_code
    transient = name in TRANSIENT_ERRORS or status == 429 or status >= 500
    return DeliveryFailed(name, transient=transient, retry_after=_retry_after(error))


def _retry_after(error: SlackApiError) -> float | None:
    headers = error.response.headers or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None

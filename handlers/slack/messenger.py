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
from handlers.slack.workspaces import NotInstalled, SingleWorkspace, WorkspaceClients
from storage.conference import ConversationStore

logger = logging.getLogger(__name__)

MAX_GROUP_DM = 8
CACHED_CONVERSATIONS = 20_000
# The conversation went away or was archived: open it afresh once, then give up.
STALE_CONVERSATION = frozenset({"channel_not_found", "is_archived", "not_in_channel"})
# Slack's answers that mean "busy now, try later"; any other error name is final.
NOT_INSTALLED = "Rounds is not installed in that workspace (or was uninstalled)"
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

    Calls are paced within Slack's per-method limits. A DM to one person is posted to their
    user id, which Slack accepts as the channel of the app's DM with them: no
    conversations.open (Tier 3, about 50 a minute) at all. A group DM needs one; the
    conversation it opens is kept in the database when a store is given, so a restarted
    process does not open it again. Each message goes with the bot token of the workspace it
    is for.
    """

    opens_group_chats = True

    def __init__(
        self,
        clients: WorkspaceClients | WebClient,
        pacer: Pacer | None = None,
        conversations: ConversationStore | None = None,
    ) -> None:
        self.clients = SingleWorkspace(clients) if isinstance(clients, WebClient) else clients
        self.pacer = pacer or Pacer()
        self.stored = conversations
        self._conversations: OrderedDict[str, str] = OrderedDict()
        self._conversations_lock = threading.Lock()
        self._opening: dict[str, threading.Lock] = {}

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage:
        client = self._client(to.workspace_id)
        try:
            sent = self._post(client, to.user_id, message)
        except DeliveryFailed as failure:
            if failure.reason not in STALE_CONVERSATION:
                raise
            return self._send_to(to.workspace_id, [to.user_id], message)
        self._learn(_key(to.workspace_id, to.user_id), sent.conversation_id)
        return sent

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage:
        user_ids = sorted({person.user_id for person in people})
        if len(user_ids) > MAX_GROUP_DM:
            raise DeliveryFailed("a group conversation holds at most 8 people")
        if not people:
            raise DeliveryFailed("a group conversation needs people")
        if len({person.workspace_id for person in people}) > 1:
            raise DeliveryFailed("a group conversation is within one workspace")
        return self._send_to(people[0].workspace_id, user_ids, message)

    def people_in(self, conversation_id: str) -> tuple[str, ...]:
        """The user ids a remembered conversation was opened with (for showing who got what)."""
        with self._conversations_lock:
            for key, channel in self._conversations.items():
                if channel == conversation_id:
                    return tuple(key.partition(":")[2].split(","))
        return ()

    def _send_to(self, workspace_id: str, user_ids: list[str], message: Reply) -> SentMessage:
        client = self._client(workspace_id)
        try:
            return self._post(client, self._open(client, workspace_id, user_ids), message)
        except DeliveryFailed as failure:
            if failure.reason not in STALE_CONVERSATION:
                raise
        return self._post(client, self._open(client, workspace_id, user_ids, fresh=True), message)

    def send_channel(
        self, channel_id: str, message: Reply, *, workspace_id: str | None = None
    ) -> SentMessage:
        return self._post(self._client(workspace_id), channel_id, message)

    def update(self, sent: SentMessage, message: Reply, *, workspace_id: str | None = None) -> None:
        client = self._client(workspace_id)
        self.pacer.wait("chat.update", sent.conversation_id)
        try:
            client.chat_update(
                channel=sent.conversation_id, ts=sent.message_id, **message_payload(message)
            )
        except SlackClientError as error:
            raise _failure(error) from None

    def send_files(
        self, sent: SentMessage, files: Sequence[Attachment], *, workspace_id: str | None = None
    ) -> None:
        uploads = [
            {
                "content": file.content,
                "filename": file.filename,
                "title": file.title or file.filename,
            }
            for file in files
        ]
        client = self._client(workspace_id)
        self.pacer.wait("files.completeUploadExternal", sent.conversation_id)
        try:
            client.files_upload_v2(channel=sent.conversation_id, file_uploads=uploads)
        except SlackClientError as error:
            raise _failure(error) from None

    def _client(self, workspace_id: str | None) -> WebClient:
        try:
            return self.clients.client_for(workspace_id)
        except NotInstalled:
            raise DeliveryFailed(NOT_INSTALLED) from None

    def _open(
        self, client: WebClient, workspace_id: str, user_ids: list[str], fresh: bool = False
    ) -> str:
        users = ",".join(user_ids)
        key = _key(workspace_id, users)
        if not fresh and (known := self._remembered(workspace_id, users)) is not None:
            return known
        with self._conversations_lock:
            opening = self._opening.setdefault(key, threading.Lock())
        # Several messages to one person at once must not each open the conversation.
        with opening:
            if not fresh and (known := self._remembered(workspace_id, users)) is not None:
                return known
            if fresh and self.stored is not None:
                self.stored.forget(workspace_id, users)
            self.pacer.wait("conversations.open")
            try:
                response = client.conversations_open(users=users)
            except SlackClientError as error:
                raise _failure(error) from None
            channel = str(response["channel"]["id"])
            if self.stored is not None:
                self.stored.remember(workspace_id, users, channel)
            self._learn(key, channel)
            with self._conversations_lock:
                self._opening.pop(key, None)
        return channel

    def _learn(self, key: str, channel: str) -> None:
        with self._conversations_lock:
            self._conversations[key] = channel
            self._conversations.move_to_end(key)
            if len(self._conversations) > CACHED_CONVERSATIONS:
                self._conversations.popitem(last=False)

    def _remembered(self, workspace_id: str, users: str) -> str | None:
        key = _key(workspace_id, users)
        with self._conversations_lock:
            known = self._conversations.get(key)
            if known is not None:
                self._conversations.move_to_end(key)
                return known
        stored = self.stored.find(workspace_id, users) if self.stored is not None else None
        if stored is not None:
            self._learn(key, stored)
        return stored

    def _post(self, client: WebClient, channel: str, message: Reply) -> SentMessage:
        first, *rest = message_pages(message)
        sent = self._post_page(client, channel, first)
        for number, page in enumerate(rest, 2):
            try:
                self._post_page(
                    client, sent.conversation_id, {**page, "thread_ts": sent.message_id}
                )
            except DeliveryFailed as failure:
                # The message itself arrived; sending it again for its tail would double it.
                logger.warning("page %s of a long message was not sent: %s", number, failure.reason)
                break
        return sent

    def _post_page(self, client: WebClient, channel: str, page: dict[str, Any]) -> SentMessage:
        self.pacer.wait("chat.postMessage", channel)
        try:
            response = client.chat_postMessage(channel=channel, **page)
        except SlackClientError as error:
            raise _failure(error) from None
        return SentMessage(str(response["channel"]), str(response["ts"]))


def _key(workspace_id: str, users: str) -> str:
    return f"{workspace_id}:{users}"


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

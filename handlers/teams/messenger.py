"""Delivers replies in Teams as Adaptive Cards, proactively, from stored conversation references.

The services call the Messenger port from ordinary threads; the SDK is asynchronous. The
messenger runs its own event loop on a thread of its own and waits there for each send, so it
works the same from a request handler, a scheduled job or a test.
"""

import asyncio
import base64
import logging
import threading
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

from aiohttp import ClientError, ClientResponseError
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.core import ChannelServiceAdapter, TurnContext
from microsoft_agents.hosting.core.authorization import (
    AuthenticationConstants,
)

from bot.identity import PersonRef
from bot.messaging import Attachment, DeliveryFailed, SentMessage
from bot.replies import Mention, Reply, in_zone, note
from handlers.teams.addresses import Address, Addresses
from handlers.teams.render import Forms, attachment, to_card

logger = logging.getLogger(__name__)

T = TypeVar("T")
SEND_TIMEOUT = 30.0
GROUP_SEPARATOR = "+"


class EventLoopThread:
    """An asyncio loop on a daemon thread; `run` waits for a coroutine from any other thread."""

    def __init__(self, name: str = "teams-messenger") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = SEND_TIMEOUT) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            # A send given up on must not land later, behind the retry that replaces it.
            future.cancel()
            raise

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=5)
        self.loop.close()


class TeamsMessenger:
    """The Messenger port for Teams. Bots cannot start group chats, so a group gets one copy
    each, naming the others."""

    opens_group_chats = False

    def __init__(
        self,
        adapter: ChannelServiceAdapter,
        app_id: str,
        forms: Forms,
        addresses: Addresses,
        send_timeout: float = SEND_TIMEOUT,
    ) -> None:
        self.adapter = adapter
        self.send_timeout = send_timeout
        self.app_id = app_id
        self.addresses = addresses
        self.forms = forms
        self._loop = EventLoopThread()

    def close(self) -> None:
        self._loop.stop()

    # --- the port ------------------------------------------------------------------------

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage:
        address = self.addresses.of(to) or self._open_chat(to)
        activity = self._activity(message, address)
        return SentMessage(address.handle, self._run(self._send(address.reference, activity)))

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage:
        unique = list(dict.fromkeys(people))
        sent: list[SentMessage] = []
        failures: list[DeliveryFailed] = []
        for person in unique:
            others = [other for other in unique if other != person]
            copy = message
            if others:
                copy = Reply(
                    (*message.parts, note("Also in this introduction: ", *_listed(others))),
                    message.summary,
                )
            try:
                sent.append(self.send_direct(person, copy))
            except DeliveryFailed as failure:
                # One person's closed chat must not keep the others from their copy.
                logger.warning("group copy for %s failed: %s", person.user_id, failure.reason)
                failures.append(failure)
        if not sent:
            raise failures[0]
        return _joined(sent)

    def send_channel(
        self, channel_id: str, message: Reply, *, workspace_id: str | None = None
    ) -> SentMessage:
        """Rounds's own conversations ("teams:N", or several joined by "+"); not Teams channels."""
        sent = []
        for handle in channel_id.split(GROUP_SEPARATOR):
            address = self.addresses.by_handle(handle)
            if address is None:
                raise DeliveryFailed("Rounds posts only to conversations it started in Teams")
            activity = self._activity(message, address)
            sent.append(SentMessage(handle, self._run(self._send(address.reference, activity))))
        return _joined(sent)

    def update(self, sent: SentMessage, message: Reply, *, workspace_id: str | None = None) -> None:
        handles = sent.conversation_id.split(GROUP_SEPARATOR)
        activity_ids = sent.message_id.split(GROUP_SEPARATOR)
        for handle, activity_id in zip(handles, activity_ids, strict=True):
            address = self.addresses.by_handle(handle)
            if address is None:
                raise DeliveryFailed("that conversation is unknown")
            activity = self._activity(message, address)
            activity.id = activity_id
            self._run(self._update(address.reference, activity))

    def send_files(
        self, sent: SentMessage, files: Sequence[Attachment], *, workspace_id: str | None = None
    ) -> None:
        """Each file as an attachment (a data URI) in the conversations ``sent`` went to."""
        attachments = [
            {
                "contentType": file.mime_type,
                "contentUrl": f"data:{file.mime_type};base64,"
                + base64.b64encode(file.content).decode("ascii"),
                "name": file.filename,
            }
            for file in files
        ]
        for handle in sent.conversation_id.split(GROUP_SEPARATOR):
            address = self.addresses.by_handle(handle)
            if address is None:
                raise DeliveryFailed("that conversation is unknown")
            activity = Activity(type=ActivityTypes.message, attachments=attachments)
            self._run(self._send(address.reference, activity))

    # --- the SDK -------------------------------------------------------------------------

    def _activity(self, message: Reply, address: Address) -> Activity:
        reader_view = in_zone(message, address.timezone)
        card = to_card(reader_view, self.addresses.names(address.workspace_id), self.forms)
        return Activity(
            type=ActivityTypes.message,
            summary=message.fallback[:300],
            attachments=[attachment(card)],
        )

    async def _continue(self, reference: ConversationReference, work: Any) -> None:
        continuation = reference.get_continuation_activity()
        # Without an id the message starts fresh instead of replying to an old one.
        continuation.id = None
        await self.adapter.continue_conversation(self.app_id, continuation, work)

    async def _send(self, reference: ConversationReference, activity: Activity) -> str:
        sent: list[str] = []

        async def send(context: TurnContext) -> None:
            response = await context.send_activity(activity)
            sent.append(response.id if response and response.id else "")

        await self._continue(reference, send)
        return sent[0] if sent else ""

    async def _update(self, reference: ConversationReference, activity: Activity) -> None:
        async def update(context: TurnContext) -> None:
            await context.update_activity(activity)

        await self._continue(reference, update)

    def _open_chat(self, to: PersonRef) -> Address:
        """A first personal chat with someone who has the app but never wrote to it."""
        known = self.addresses.any_in_tenant(to.workspace_id)
        if known is None or not known.service_url:
            raise DeliveryFailed("they have not opened Rounds in Teams yet")
        parameters = ConversationParameters(
            is_group=False,
            agent=known.agent,
            members=[ChannelAccount(id=to.user_id, aad_object_id=to.user_id)],
            tenant_id=known.conversation.tenant_id,
        )
        created: list[ConversationReference] = []

        async def keep(context: TurnContext) -> None:
            reference = context.activity.get_conversation_reference()
            reference.user = ChannelAccount(id=to.user_id, aad_object_id=to.user_id)
            reference.agent = known.agent
            created.append(reference)

        async def create() -> None:
            await self.adapter.create_conversation(
                self.app_id,
                str(known.channel_id or "msteams"),
                known.service_url,
                AuthenticationConstants.AGENTS_SDK_SCOPE,
                parameters,
                keep,
            )

        self._run(create())
        if not created:
            raise DeliveryFailed("Teams did not open a chat")
        return self.addresses.remember_created(to, created[0])

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        try:
            return self._loop.run(coroutine, self.send_timeout)
        except ClientError as error:
            raise _failure(error) from None
        except TimeoutError:
            raise DeliveryFailed("Teams did not answer in time", transient=True) from None


def _failure(error: ClientError) -> DeliveryFailed:
    """The Bot Connector's answer, classified: 429 and 5xx are worth retrying, and so is a
    connection that dropped or timed out; any other status (403: blocked, 404: gone) is final."""
    if not isinstance(error, ClientResponseError):
        return DeliveryFailed(f"Teams unreachable ({type(error).__name__})", transient=True)
    status = error.status
    transient = status in (408, 429) or status >= 500
    return DeliveryFailed(
        f"Teams answered {status}", transient=transient, retry_after=_retry_after(error)
    )


def _retry_after(error: ClientResponseError) -> float | None:
    value = error.headers.get("Retry-After") if error.headers else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _listed(people: Sequence[PersonRef]) -> list[Any]:
    spans: list[Any] = []
    for index, person in enumerate(people):
        if index:
            spans.append(", ")
        spans.append(Mention(person.user_id))
    return spans


def _joined(sent: Sequence[SentMessage]) -> SentMessage:
    return SentMessage(
        GROUP_SEPARATOR.join(s.conversation_id for s in sent),
        GROUP_SEPARATOR.join(s.message_id for s in sent),
    )

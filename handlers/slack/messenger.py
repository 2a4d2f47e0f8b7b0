from collections.abc import Sequence

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, SentMessage
from bot.replies import Reply
from handlers.slack.render import message_payload

MAX_GROUP_DM = 8


class SlackMessenger:
    """Delivers replies as Slack messages; the client already retries 429s and 5xx."""

    opens_group_chats = True

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send_direct(self, to: PersonRef, message: Reply) -> SentMessage:
        return self._post(self._open([to.user_id]), message)

    def send_group(self, people: Sequence[PersonRef], message: Reply) -> SentMessage:
        user_ids = sorted({person.user_id for person in people})
        if len(user_ids) > MAX_GROUP_DM:
            raise DeliveryFailed("a group conversation holds at most 8 people")
        return self._post(self._open(user_ids), message)

    def send_channel(self, channel_id: str, message: Reply) -> SentMessage:
        return self._post(channel_id, message)

    def update(self, sent: SentMessage, message: Reply) -> None:
        try:
            self.client.chat_update(
                channel=sent.conversation_id, ts=sent.message_id, **message_payload(message)
            )
        except SlackClientError as error:
            raise DeliveryFailed(_reason(error)) from None

    def _open(self, user_ids: list[str]) -> str:
        try:
            response = self.client.conversations_open(users=",".join(user_ids))
        except SlackClientError as error:
            raise DeliveryFailed(_reason(error)) from None
        return str(response["channel"]["id"])

    def _post(self, channel: str, message: Reply) -> SentMessage:
        try:
            response = self.client.chat_postMessage(channel=channel, **message_payload(message))
        except SlackClientError as error:
            raise DeliveryFailed(_reason(error)) from None
        return SentMessage(str(response["channel"]), str(response["ts"]))


def _reason(error: SlackClientError) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error", "slack_error"))
    return type(error).__name__

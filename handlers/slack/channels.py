"""Who is in a Slack channel, for the coffee-chat rounds (the ChannelDirectory port)."""

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

logger = logging.getLogger(__name__)

PAGE_SIZE = 200


class SlackChannelDirectory:
    """Channel members from conversations.members, without Rounds' own bot user."""

    def __init__(self, client: WebClient) -> None:
        self.client = client
        self._bot_user_id: str | None = None
        self._lock = threading.Lock()

    def members(self, channel_id: str) -> list[str] | None:
        found: list[str] = []
        cursor = ""
        try:
            while True:
                page = self.client.conversations_members(
                    channel=channel_id, limit=PAGE_SIZE, cursor=cursor or None
                )
                listed: list[object] = page.get("members") or []
                found.extend(str(user) for user in listed)
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
                if not cursor:
                    break
            bot = self._bot()
        except SlackClientError as error:
            logger.warning("conversations.members failed for a channel: %s", type(error).__name__)
            return None
        return [user for user in found if user != bot]

    def name(self, channel_id: str) -> str | None:
        try:
            info = self.client.conversations_info(channel=channel_id)
        except SlackClientError:
            return None
        name = (info.get("channel") or {}).get("name")
        return str(name) if name else None

    def _bot(self) -> str:
        with self._lock:
            if self._bot_user_id is None:
                self._bot_user_id = str(self.client.auth_test()["user_id"])
            return self._bot_user_id

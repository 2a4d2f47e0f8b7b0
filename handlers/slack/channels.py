"""Who is in a Slack channel, for the coffee-chat rounds (the ChannelDirectory port)."""

import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from handlers.slack.workspaces import NotInstalled, SingleWorkspace, WorkspaceClients

logger = logging.getLogger(__name__)

PAGE_SIZE = 200


class SlackChannelDirectory:
    """Channel members from conversations.members, without Rounds' own bot user, asked with
    the token of the channel's workspace."""

    def __init__(self, clients: WorkspaceClients | WebClient) -> None:
        self.clients = SingleWorkspace(clients) if isinstance(clients, WebClient) else clients
        self._bot_user_ids: dict[str, str] = {}
        self._lock = threading.Lock()

    def members(self, workspace_id: str, channel_id: str) -> list[str] | None:
        found: list[str] = []
        cursor = ""
        try:
            client = self.clients.client_for(workspace_id)
            while True:
                page = client.conversations_members(
                    channel=channel_id, limit=PAGE_SIZE, cursor=cursor or None
                )
                listed: list[object] = page.get("members") or []
                found.extend(str(user) for user in listed)
                cursor = (page.get("response_metadata") or {}).get("next_cursor") or ""
                if not cursor:
                    break
            bot = self._bot(workspace_id, client)
        except (SlackClientError, NotInstalled) as error:
            logger.warning("conversations.members failed for a channel: %s", type(error).__name__)
            return None
        return [user for user in found if user != bot]

    def name(self, workspace_id: str, channel_id: str) -> str | None:
        try:
            info = self.clients.client_for(workspace_id).conversations_info(channel=channel_id)
        except (SlackClientError, NotInstalled):
            return None
        name = (info.get("channel") or {}).get("name")
        return str(name) if name else None

    def _bot(self, workspace_id: str, client: WebClient) -> str:
        with self._lock:
            known = self._bot_user_ids.get(workspace_id)
        if known is None:
            known = str(client.auth_test()["user_id"])
            with self._lock:
                self._bot_user_ids[workspace_id] = known
        return known

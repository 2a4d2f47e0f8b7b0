import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.roster import DirectoryUser

LOOKUPS_PER_MINUTE = 50  # users.lookupByEmail is Tier 3


class SlackDirectory:
    """Finds Slack users by email, no faster than the method's rate tier allows."""

    def __init__(self, client: WebClient, per_minute: float = LOOKUPS_PER_MINUTE) -> None:
        self.client = client
        self.interval = 60.0 / per_minute
        self._next_call = 0.0
        self._lock = threading.Lock()

    def find_by_email(self, email: str) -> DirectoryUser | None:
        with self._lock:
            wait = self._next_call - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._next_call = time.monotonic() + self.interval
        try:
            user = self.client.users_lookupByEmail(email=email)["user"]
        except SlackApiError as error:
            if error.response.get("error") == "users_not_found":
                return None
            raise
        profile = user.get("profile", {})
        return DirectoryUser(
            user_id=user["id"],
            name=profile.get("real_name") or user.get("real_name") or user.get("name", ""),
            timezone=user.get("tz"),
        )

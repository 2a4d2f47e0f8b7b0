import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.bootstrap import Services
from handlers.slack.commands import CommandRouter

logger = logging.getLogger(__name__)

# Slack retries within about five minutes; this many ids covers far more than that.
RECENT_EVENTS = 10_000


class RecentEvents:
    """Event ids this process has already taken, newest last, so a retry is dropped in memory
    without waiting for the database's write lock (on SQLite, behind any other writer)."""

    def __init__(self, capacity: int = RECENT_EVENTS) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_seen(self, event_id: str) -> bool:
        """Remember ``event_id``; False when this process already had it."""
        with self._lock:
            if event_id in self._seen:
                self._seen.move_to_end(event_id)
                return False
            self._seen[event_id] = None
            if len(self._seen) > self._capacity:
                self._seen.popitem(last=False)
            return True


def register(app: App, services: Services, router: CommandRouter) -> None:
    recent = RecentEvents()

    @app.middleware
    def drop_retried_events(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not _first_delivery(recent, services, str(event_id)):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            logger.info("dropped a repeated delivery of event %s (retry %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()


def _first_delivery(recent: RecentEvents, services: Services, event_id: str) -> bool:
    # The table still catches a retry that reaches another replica or a restarted process.
    return recent.first_seen(event_id) and services.deliveries.first_delivery(event_id)

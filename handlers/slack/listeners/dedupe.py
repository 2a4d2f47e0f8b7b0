import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.bootstrap import Services
from handlers.slack.commands import CommandRouter
from handlers.slack.listener_pool import wait_turn

logger = logging.getLogger(__name__)

# Slack retries within about five minutes; this many ids covers far more than that.
RECENT_EVENTS = 10_000

EventListener = Callable[[dict[str, Any], dict[str, Any], BoltContext, WebClient], None]


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


def drop_retried_events(
    recent: RecentEvents,
    request: BoltRequest,
    body: dict[str, Any],
    next: Callable[[], BoltResponse],
) -> BoltResponse | None:
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not recent.first_seen(str(event_id)):
        _log_dropped(request, str(event_id))
        return BoltResponse(status=200, body="")
    return next()


def register(app: App, services: Services, router: CommandRouter) -> None:
    app.middleware(partial(drop_retried_events, RecentEvents()))


def on_event(app: App, services: Services, event_type: str, listener: EventListener) -> None:
    """Handle each ``event_type`` event once, even when Slack's retry reaches another replica.

    The id is recorded in the database after the ack, before ``listener`` runs: that write
    waits for the database's write lock (on SQLite, behind any other writer), and Slack counts
    a wait before the ack against its three seconds.
    """
    app.event(event_type)(partial(_first_delivery_only, services, listener))


def _first_delivery_only(
    services: Services,
    listener: EventListener,
    request: BoltRequest,
    ack: Ack,
    event: dict[str, Any],
    body: dict[str, Any],
    context: BoltContext,
    client: WebClient,
) -> None:
    wait_turn(ack)
    event_id = str(body.get("event_id") or "")
    if event_id and not services.deliveries.first_delivery(event_id):
        _log_dropped(request, event_id)
        return
    listener(event, body, context, client)


def _log_dropped(request: BoltRequest, event_id: str) -> None:
    retry = request.headers.get("x-slack-retry-num", ["0"])[0]
    logger.info("dropped a repeated delivery of event %s (retry %s)", event_id, retry)

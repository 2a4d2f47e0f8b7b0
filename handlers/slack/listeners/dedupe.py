import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.bootstrap import Services
from handlers.slack.commands import CommandRouter

logger = logging.getLogger(__name__)


def register(app: App, services: Services, router: CommandRouter) -> None:
    @app.middleware
    def drop_retried_events(
        request: BoltRequest, body: dict[str, Any], next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not services.deliveries.first_delivery(str(event_id)):
            retry = request.headers.get("x-slack-retry-num", ["0"])[0]
            logger.info("dropped a repeated delivery of event %s (retry %s)", event_id, retry)
            return BoltResponse(status=200, body="")
        return next()

import logging
import signal
import sys

from bot.settings import Settings
from handlers.http import HttpServer
from handlers.logs import configure_logging
from handlers.slack.app import build_app

logger = logging.getLogger("rounds")


def serve(settings: Settings) -> None:
    # Alembic loads only here, to migrate: building the app must not need it.
    from storage.migrate import upgrade

    configure_logging(settings.LOG_LEVEL)
    app, services = build_app(settings)
    upgrade(services.database)
    services.compute.start()
    services.scheduling.start()
    services.schedule_recurring()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        logger.info("Rounds is connecting to Slack in Socket Mode")
        SocketModeHandler(app, settings.SLACK_APP_TOKEN).start()  # type: ignore[no-untyped-call]
        return
    server = HttpServer(
        app,
        services.database,
        host="0.0.0.0",
        port=settings.PORT,
        threads=settings.HTTP_THREADS,
        is_leader=lambda: services.scheduling.is_leader,
    )
    logger.info("Rounds is listening for Slack on %s/slack/events", server.url)
    server.serve_forever()

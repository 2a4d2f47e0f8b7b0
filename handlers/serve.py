import logging
import signal
import sys

from bot.settings import Settings
from handlers.http import HttpServer
from handlers.logs import configure_logging
from handlers.slack.app import build_app
from handlers.web import web_wsgi
from storage.migrate import upgrade

logger = logging.getLogger("rounds")


def serve(settings: Settings) -> None:
    configure_logging(settings.LOG_LEVEL)
    app, services = build_app(settings)
    upgrade(services.database)
    services.compute.start()
    services.scheduling.start()
    services.schedule_recurring()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = HttpServer(
        app,
        services.database,
        host="0.0.0.0",
        port=settings.PORT,
        threads=settings.HTTP_THREADS,
        is_leader=lambda: services.scheduling.is_leader,
        web=web_wsgi(services),
    )
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        # Slack comes over the socket; the same server still serves room boards and health.
        server.start()
        logger.info("Rounds serves room boards on %s", server.url)
        logger.info("Rounds is connecting to Slack in Socket Mode")
        SocketModeHandler(app, settings.SLACK_APP_TOKEN).start()  # type: ignore[no-untyped-call]
        return
    logger.info("Rounds is listening for Slack on %s/slack/events", server.url)
    server.serve_forever()

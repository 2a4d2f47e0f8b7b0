import logging
import signal
import sys

from bot.bootstrap import Services
from bot.settings import Settings
from handlers.heap import freeze_startup_objects
from handlers.http import HttpServer, health_server
from handlers.logs import configure_logging
from handlers.slack.app import RoundsApp, build_app
from handlers.slack.workspaces import INSTALL_PATH
from handlers.web import web_wsgi

logger = logging.getLogger("rounds")


def serve(settings: Settings) -> None:
    # Alembic loads only here, to migrate: building the app must not need it.
    from storage.migrate import upgrade

    configure_logging(settings.LOG_LEVEL, settings.LOG_FORMAT)
    app, services = build_app(settings)
    upgrade(services.database)
    services.compute.start()
    services.scheduling.start()
    services.schedule_recurring()
    # Before requests come in, and before the freeze, so what it reads is frozen with the rest.
    services.warm_up()
    freeze_startup_objects()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if settings.socket_mode:
            _serve_socket_mode(settings, app, services)
        else:
            _serve_http(settings, app, services)
    finally:
        # Stepping down at once lets another replica take the scheduling over without waiting.
        services.scheduling.stop()
        services.compute.shutdown()


def _serve_socket_mode(settings: Settings, app: RoundsApp, services: Services) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    health = health_server(
        services.database,
        lambda: services.scheduling.is_leader,
        app.metrics,
        host="0.0.0.0",
        port=settings.PORT,
        web=web_wsgi(services),
    ).start()
    logger.info(
        "Rounds serves /healthz, /readyz, /metrics and room boards on port %s", settings.PORT
    )
    logger.info("Rounds is connecting to Slack in Socket Mode")
    try:
        SocketModeHandler(app, settings.SLACK_APP_TOKEN).start()  # type: ignore[no-untyped-call]
    finally:
        health.stop()


def _serve_http(settings: Settings, app: RoundsApp, services: Services) -> None:
    server = HttpServer(
        app,
        services.database,
        host="0.0.0.0",
        port=settings.PORT,
        threads=settings.HTTP_THREADS,
        is_leader=lambda: services.scheduling.is_leader,
        metrics=app.metrics,
        web=web_wsgi(services),
    )
    logger.info("Rounds is listening for Slack on %s/slack/events", server.url)
    if settings.installs_by_oauth:
        logger.info("Workspaces install Rounds from %s%s", server.url, INSTALL_PATH)
    server.serve_forever()

"""HTTP for Teams: the Bot Connector's POST /api/messages (JWT-checked), and /healthz, /readyz
and /metrics answered as the Slack servers answer them."""

import asyncio
import logging
import threading
import warnings
from collections.abc import Awaitable, Callable
from typing import cast

from aiohttp import web
from microsoft_agents.hosting.aiohttp import jwt_authorization_decorator, start_agent_process

from bot.settings import Settings
from handlers.health import HEALTH_PATHS, health_answer
from handlers.logs import configure_logging
from handlers.teams.app import TeamsRounds, build_teams_app

logger = logging.getLogger("rounds")
MESSAGES_PATH = "/api/messages"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# The SDK keeps its configuration and claims under plain string keys, as its middleware reads them.
warnings.filterwarnings(
    "ignore", category=web.NotAppKeyWarning, module=r"microsoft_agents\.hosting\.aiohttp"
)


def web_app(rounds: TeamsRounds) -> web.Application:
    async def messages(request: web.Request) -> web.StreamResponse:
        response = await start_agent_process(request, rounds.agent, rounds.adapter)
        return response or web.Response(status=202)

    def is_leader() -> bool:
        return rounds.services.scheduling.is_leader

    async def health(request: web.Request) -> web.Response:
        # The database check blocks, so it runs beside the event loop, never on it.
        answer = await asyncio.to_thread(
            health_answer, request.path, rounds.services.database, is_leader, rounds.metrics
        )
        if answer is None:
            raise web.HTTPNotFound()
        status, content_type, body = answer
        return web.Response(
            status=int(status.split()[0]), body=body, headers={"Content-Type": content_type}
        )

    app = web.Application()
    # The SDK's JWT check reads the bot's identity from here, under this plain key.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = rounds.auth
    checked = cast(Handler, jwt_authorization_decorator(messages))  # type: ignore[no-untyped-call]
    app.router.add_post(MESSAGES_PATH, checked)
    for path in HEALTH_PATHS:
        app.router.add_get(path, health)
    return app


class TeamsServer:
    """The aiohttp server on a thread of its own, for the demo and tests."""

    def __init__(self, rounds: TeamsRounds, host: str = "127.0.0.1", port: int = 0) -> None:
        self.rounds = rounds
        self.host = host
        self.port = port
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(web_app(rounds), access_log=None)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def messages_url(self) -> str:
        return self.url + MESSAGES_PATH

    def start(self) -> "TeamsServer":
        started = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, self.host, self.port)
            self._loop.run_until_complete(site.start())
            self.port = int(self._runner.addresses[0][1])
            started.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True, name="teams-http")
        self._thread.start()
        started.wait(10)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)


def serve(settings: Settings) -> None:
    # Alembic loads only here, to migrate: building the app must not need it.
    from storage.migrate import upgrade

    configure_logging(settings.LOG_LEVEL, settings.LOG_FORMAT)
    rounds = build_teams_app(settings)
    upgrade(rounds.services.database)
    rounds.services.compute.start()
    rounds.services.scheduling.start()
    rounds.services.schedule_recurring()
    rounds.services.warm_up()
    logger.info(
        "Rounds is listening for Microsoft Teams on port %s%s, with /healthz, /readyz and "
        "/metrics beside it",
        settings.PORT,
        MESSAGES_PATH,
    )
    try:
        web.run_app(
            web_app(rounds), host="0.0.0.0", port=settings.PORT, access_log=None, print=None
        )
    finally:
        rounds.close()

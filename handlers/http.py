"""HTTP mode: Slack's requests on /slack/events, health checks, metrics and the room's web
pages for speed-mentoring events, served by waitress.

In Socket Mode Slack's requests come over the WebSocket, and :func:`health_server` serves the
same /healthz, /readyz, /metrics and web pages on PORT.
"""

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress.server import create_server

from handlers.health import Answer, health_answer
from handlers.metrics import Metrics
from handlers.web import WEB_PREFIXES
from storage.db import Database

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
EVENTS_PATH = "/slack/events"
# Waitress queues requests beyond its threads; up to this many connections wait their turn
# (rounds_http_queued_requests shows how many) instead of being refused.
CONNECTION_LIMIT = 1000
BACKLOG = 2048
CHANNEL_TIMEOUT_SECONDS = 30
log = logging.getLogger(__name__)


def _answer(start_response: StartResponse, answer: Answer) -> list[bytes]:
    status, content_type, body = answer
    start_response(status, [("Content-Type", content_type)])
    return [body]


def wsgi_app(
    bolt_app: App,
    database: Database,
    is_leader: Callable[[], bool] = lambda: False,
    metrics: Metrics | None = None,
    web: WsgiApp | None = None,
) -> WsgiApp:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if web is not None and str(environ.get("PATH_INFO", "")).startswith(WEB_PREFIXES):
            return web(environ, start_response)
        answer = health_answer(environ.get("PATH_INFO", ""), database, is_leader, metrics)
        if answer is not None:
            return _answer(start_response, answer)
        try:
            return slack(environ, start_response)
        except Exception as error:
            # Bolt itself can fail on a forged or truncated payload before any listener runs.
            log.warning("could not read a request to %s: %s", EVENTS_PATH, type(error).__name__)
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"Rounds could not read that request.\n"]

    return application


def health_app(
    database: Database,
    is_leader: Callable[[], bool],
    metrics: Metrics | None,
    web: WsgiApp | None = None,
) -> WsgiApp:
    """/healthz, /readyz, /metrics and the room's web pages: what Socket Mode serves over
    HTTP."""

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if web is not None and str(environ.get("PATH_INFO", "")).startswith(WEB_PREFIXES):
            return web(environ, start_response)
        answer = health_answer(environ.get("PATH_INFO", ""), database, is_leader, metrics)
        return _answer(start_response, answer or ("404 Not Found", "text/plain", b"not found\n"))

    return application


class WaitressServer:
    """A waitress server that can run in a thread and stop cleanly (for the demo and tests)."""

    def __init__(
        self, application: WsgiApp, host: str = "127.0.0.1", port: int = 0, threads: int = 8
    ) -> None:
        self._server: Any = create_server(
            application,
            host=host,
            port=port,
            threads=threads,
            connection_limit=CONNECTION_LIMIT,
            backlog=BACKLOG,
            channel_timeout=CHANNEL_TIMEOUT_SECONDS,
            ident="rounds",
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    def queued_requests(self) -> int:
        return len(self._server.task_dispatcher.queue)

    def serve_forever(self) -> None:
        self._server.run()

    def start(self) -> "WaitressServer":
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="http")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.task_dispatcher.shutdown()
        # Closing from another thread races waitress's poll loop; its trigger runs the close
        # inside the loop instead, and the loop then ends by itself.
        self._server.trigger.pull_trigger(self._close)
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _close(self) -> None:
        # The loop runs while any connection is open, so a client that keeps one alive (a
        # browser polling a page) would hold it up until the join above gives up.
        for channel in list(self._server.active_channels.values()):
            channel.handle_close()
        self._server.close()


class HttpServer(WaitressServer):
    """Slack's requests, health checks and metrics on one port (HTTP mode)."""

    def __init__(
        self,
        bolt_app: App,
        database: Database,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
        is_leader: Callable[[], bool] = lambda: False,
        metrics: Metrics | None = None,
        web: WsgiApp | None = None,
    ) -> None:
        super().__init__(wsgi_app(bolt_app, database, is_leader, metrics, web), host, port, threads)
        if metrics is not None:
            metrics.watch_queue(self.queued_requests)

    @property
    def events_url(self) -> str:
        return self.url + EVENTS_PATH

    def start(self) -> "HttpServer":
        super().start()
        return self


def health_server(
    database: Database,
    is_leader: Callable[[], bool],
    metrics: Metrics | None,
    host: str = "127.0.0.1",
    port: int = 0,
    web: WsgiApp | None = None,
) -> WaitressServer:
    threads = 2 if web is None else 8
    return WaitressServer(health_app(database, is_leader, metrics, web), host, port, threads)

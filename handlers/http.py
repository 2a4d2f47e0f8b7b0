"""One HTTP server: Slack's requests on /slack/events (HTTP mode), health checks, and the
room's web pages for speed-mentoring events (in HTTP and Socket Mode), served by waitress."""

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text
from waitress.server import create_server

from handlers.web import WEB_PREFIXES
from storage.db import Database

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
EVENTS_PATH = "/slack/events"
log = logging.getLogger(__name__)


def database_ok(database: Database) -> bool:
    try:
        with database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


def readiness(database: Database, is_leader: Callable[[], bool]) -> tuple[str, bytes]:
    """Ready means the database answers; the body says whether this replica leads scheduling."""
    ok = database_ok(database)
    body = json.dumps({"ready": ok, "database": ok, "scheduler_leader": is_leader()})
    return ("200 OK" if ok else "503 Service Unavailable"), body.encode() + b"\n"


def wsgi_app(
    bolt_app: App,
    database: Database,
    is_leader: Callable[[], bool] = lambda: False,
    web: WsgiApp | None = None,
) -> WsgiApp:
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if web is not None and str(environ.get("PATH_INFO", "")).startswith(WEB_PREFIXES):
            return web(environ, start_response)
        if environ.get("PATH_INFO") == "/readyz":
            status, body = readiness(database, is_leader)
            start_response(status, [("Content-Type", "application/json")])
            return [body]
        if environ.get("PATH_INFO") == "/healthz":
            if not database_ok(database):
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"database unavailable\n"]
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok\n"]
        try:
            return slack(environ, start_response)
        except Exception as error:
            # Bolt itself can fail on a forged or truncated payload before any listener runs.
            log.warning("could not read a request to %s: %s", EVENTS_PATH, type(error).__name__)
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"Rounds could not read that request.\n"]

    return application


class HttpServer:
    """A waitress server that can run in a thread and stop cleanly (for the demo and tests)."""

    def __init__(
        self,
        bolt_app: App,
        database: Database,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
        is_leader: Callable[[], bool] = lambda: False,
        web: WsgiApp | None = None,
    ) -> None:
        self._server: Any = create_server(
            wsgi_app(bolt_app, database, is_leader, web),
            host=host,
            port=port,
            threads=threads,
            ident="rounds",
        )
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self._server.effective_host}:{self._server.effective_port}"

    @property
    def events_url(self) -> str:
        return self.url + EVENTS_PATH

    def serve_forever(self) -> None:
        self._server.run()

    def start(self) -> "HttpServer":
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="http")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.task_dispatcher.shutdown()
        # Closing from another thread races waitress's poll loop; its trigger runs the close
        # inside the loop instead, and the loop then ends by itself.
        self._server.trigger.pull_trigger(self._server.close)
        if self._thread is not None:
            self._thread.join(timeout=5)

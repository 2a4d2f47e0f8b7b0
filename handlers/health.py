"""/healthz, /readyz and /metrics: one answer for every server Rounds runs (Slack's HTTP
mode, Socket Mode's health server, Teams)."""

import json
from collections.abc import Callable

from sqlalchemy import text

from handlers.metrics import CONTENT_TYPE, Metrics
from storage.db import Database

HEALTH_PATHS = ("/healthz", "/readyz", "/metrics")
# (status line, content type, body)
Answer = tuple[str, str, bytes]


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


def health_answer(
    path: str, database: Database, is_leader: Callable[[], bool], metrics: Metrics | None
) -> Answer | None:
    """The answer to a health or metrics path as (status, content type, body); else None."""
    if path == "/readyz":
        status, body = readiness(database, is_leader)
        return status, "application/json", body
    if path == "/healthz":
        if not database_ok(database):
            return "503 Service Unavailable", "text/plain", b"database unavailable\n"
        return "200 OK", "text/plain", b"ok\n"
    if path == "/metrics" and metrics is not None:
        return "200 OK", CONTENT_TYPE, metrics.scrape()
    return None

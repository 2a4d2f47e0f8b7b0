"""A local stand-in for the Bot Connector service that Teams bots send through.

It records every activity the bot sends, replies with or updates, and every conversation it
opens, so the demo and tests can read what each person would see. No Microsoft cloud needed.
"""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from typing import Any
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Posted:
    """One call the bot made: kind is send, reply, update or create."""

    kind: str
    conversation_id: str
    activity: dict[str, Any]
    activity_id: str = ""

    @property
    def cards(self) -> list[dict[str, Any]]:
        return [
            a["content"]
            for a in self.activity.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]


@dataclass
class FakeConnector:
    posted: list[Posted] = field(default_factory=list)
    failing: dict[str, int] = field(default_factory=dict)
    opened: dict[str, str] = field(default_factory=dict)
    faults: dict[str, list[int]] = field(default_factory=dict)
    stalls: dict[str, list[float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = count(1)
        self._lock = threading.Lock()
        connector = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self._answer(*connector._handle("POST", self.path, self._body()))

            def do_PUT(self) -> None:
                self._answer(*connector._handle("PUT", self.path, self._body()))

            def _body(self) -> dict[str, Any]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                body: dict[str, Any] = json.loads(raw or b"{}")
                return body

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> "FakeConnector":
        # serve_forever notices shutdown() only between polls; the default half second would
        # be waited out at the end of every journey.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, conversation_id: str, status: int = 403) -> None:
        """Answer every later send to this conversation with an error status."""
        self.failing[conversation_id] = status

    def fail_next(self, conversation_id: str, *statuses: int) -> None:
        """Answer the next sends to this conversation with these statuses, one each, in order."""
        with self._lock:
            self.faults.setdefault(conversation_id, []).extend(statuses)

    def stall_next(self, conversation_id: str, seconds: float) -> None:
        """Hold the next send this long, then drop it unrecorded (a gateway timeout)."""
        with self._lock:
            self.stalls.setdefault(conversation_id, []).append(seconds)

    def _handle(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        parts = [unquote(p) for p in urlsplit(path).path.strip("/").split("/")]
        if parts[:2] != ["v3", "conversations"]:
            return 404, {"error": {"code": "NotFound", "message": path}}
        if len(parts) > 2 and (stall := self._take(self.stalls, parts[2])) is not None:
            time.sleep(stall)
            return 504, {"error": {"code": "GatewayTimeout"}}
        if len(parts) > 2 and (fault := self._take(self.faults, parts[2])) is not None:
            return fault, {"error": {"code": "Busy"}}
        with self._lock:
            if len(parts) == 2 and method == "POST":
                return 201, self._create(body)
            conversation_id = parts[2]
            if conversation_id in self.failing:
                return self.failing[conversation_id], {"error": {"code": "Forbidden"}}
            kind = {"PUT": "update"}.get(method, "reply" if len(parts) == 5 else "send")
            activity_id = parts[4] if len(parts) == 5 else f"m{next(self._ids)}"
            self.posted.append(Posted(kind, conversation_id, body, activity_id))
            return 200, {"id": activity_id}

    def _take(self, queue: dict[str, list[Any]], conversation_id: str) -> Any:
        with self._lock:
            waiting = queue.get(conversation_id)
            return waiting.pop(0) if waiting else None

    def _create(self, parameters: dict[str, Any]) -> dict[str, Any]:
        member = (parameters.get("members") or [{}])[0]
        conversation_id = f"a:opened-{next(self._ids)}"
        self.opened[str(member.get("aadObjectId") or member.get("id"))] = conversation_id
        self.posted.append(Posted("create", conversation_id, parameters))
        return {"id": conversation_id}

    # --- reading what was sent -----------------------------------------------------------

    def sent_to(self, conversation_id: str) -> list[Posted]:
        return [
            p
            for p in self.posted
            if p.conversation_id == conversation_id and p.kind in ("send", "reply")
        ]

    def updates_in(self, conversation_id: str) -> list[Posted]:
        return [
            p for p in self.posted if p.conversation_id == conversation_id and p.kind == "update"
        ]

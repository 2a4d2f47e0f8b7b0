"""A local stand-in for the Slack Web API, for tests, benchmarks and `rounds demo`.

It answers the methods Rounds calls, records every call, checks every Block Kit payload
with slack_sdk's models, and can be told to fail a method (an error, a 429 with
Retry-After, a 5xx) or to enforce per-method rate limits. Any xoxb- token speaks for the
demo workspace, unless it belongs to a workspace added with `add_workspace`, which installs
Rounds through `oauth.v2.access` and can uninstall it again.
"""

import base64
import itertools
import json
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from devtools.slack.fake_state import (
    FAKE_BOT_USER,
    FAKE_TEAM,
    JSON,
    Call,
    FakeUser,
    FakeWorkspace,
    Fault,
    RateLimit,
    UploadedFile,
)

__all__ = [
    "FAKE_BOT_USER",
    "FAKE_TEAM",
    "JSON",
    "Call",
    "FakeSlack",
    "FakeUser",
    "FakeWorkspace",
    "RateLimit",
    "UploadedFile",
]

BLOCK_ARGUMENTS = ("blocks",)
# What a storm hits: every call that delivers or changes a message.
STORMED_METHODS = ("chat.postMessage", "chat.update", "conversations.open")


class FakeSlack:
    """Start with `FakeSlack().start()`; `api_url` is what SLACK_API_URL should be."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.block_errors: list[tuple[str, str]] = []
        self.users: dict[str, FakeUser] = {}
        self.faults: dict[str, list[Fault]] = defaultdict(list)
        self._storms: dict[str, tuple[Fault, Callable[[], bool]]] = {}
        self.stormed: dict[str, int] = defaultdict(int)
        self.limits: dict[str, RateLimit] = {}
        self.rejected_for_rate: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._conversations: dict[tuple[str, ...], str] = {}
        self.workspaces: dict[str, FakeWorkspace] = {}
        # The app's client id and secret, as oauth.v2.access checks them.
        self.oauth_client: tuple[str, str] | None = None
        self._codes: dict[str, FakeWorkspace] = {}
        self._responders: dict[str, Callable[[JSON], JSON]] = {
            "auth.test": lambda _: {
                "url": "https://rounds-demo.slack.com/",
                "team": "Rounds Demo",
                "team_id": FAKE_TEAM,
                "user": "rounds",
                "user_id": FAKE_BOT_USER,
                "bot_id": "BROUNDS",
            },
            "chat.postMessage": self._post_message,
            "chat.postEphemeral": lambda _: {"message_ts": self._ts()},
            "chat.update": lambda args: {"channel": args.get("channel"), "ts": args.get("ts")},
            "chat.delete": lambda args: {"channel": args.get("channel"), "ts": args.get("ts")},
            "chat.scheduleMessage": lambda args: {
                "channel": args.get("channel"),
                "scheduled_message_id": f"Q{next(self._ids):08d}",
            },
            "conversations.open": self._open_conversation,
            "conversations.members": self._members,
            "conversations.info": self._channel_info,
            "views.publish": self._view,
            "views.open": self._view,
            "views.update": self._view,
            "views.push": self._view,
            "users.info": self._user_info,
            "users.lookupByEmail": self._lookup_by_email,
            "files.getUploadURLExternal": self._upload_url,
            "files.completeUploadExternal": lambda args: {
                "files": json.loads(args.get("files", "[]"))
            },
            "response_url": lambda _: {},
        }
        self.channel_members: dict[str, list[str]] = {}
        self.channel_names: dict[str, str] = {}
        self._file_names: dict[str, str] = {}
        self._file_contents: dict[str, bytes] = {}

    # --- running -------------------------------------------------------------------------

    def start(self) -> "FakeSlack":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake._handle(self)

            def do_POST(self) -> None:
                fake._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    def response_url(self, name: str = "") -> str:
        return f"{self.base_url}/response/{name or next(self._ids)}"

    # --- scripting -----------------------------------------------------------------------

    def add_user(self, user: FakeUser) -> FakeUser:
        self.users[user.user_id] = user
        return user

    def add_workspace(
        self,
        team_id: str,
        name: str,
        *,
        enterprise_id: str | None = None,
        org_wide: bool = False,
    ) -> FakeWorkspace:
        workspace = FakeWorkspace(
            team_id,
            name,
            bot_token=f"xoxb-{team_id.lower()}-{next(self._ids)}",
            bot_user_id=f"UBOT{team_id}",
            enterprise_id=enterprise_id,
            org_wide=org_wide,
        )
        self.workspaces[workspace.bot_token] = workspace
        return workspace

    def approve_install(self, workspace: FakeWorkspace) -> str:
        """An administrator approves Rounds on Slack's consent page: the code Slack puts on
        the redirect back to Rounds."""
        code = f"code-{workspace.team_id}-{next(self._ids)}"
        with self._lock:
            self._codes[code] = workspace
        return code

    def uninstall(self, workspace: FakeWorkspace) -> None:
        """The workspace removes Rounds: its token stops working at once."""
        workspace.installed = False

    def fail(self, method: str, error: str = "internal_error", times: int = 1) -> None:
        self.faults[method].append(Fault(times, error=error))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        self.faults[method].append(Fault(times, status=429, retry_after=retry_after))

    def server_error(self, method: str, status: int = 503, times: int = 1) -> None:
        self.faults[method].append(Fault(times, status=status))

    def storm(
        self,
        status: int,
        lasting: Callable[[], bool],
        methods: Sequence[str] = STORMED_METHODS,
        retry_after: int = 1,
    ) -> None:
        """Answer every call of ``methods`` with ``status`` (429 or 5xx) while ``lasting()``."""
        for method in methods:
            self._storms[method] = (Fault(1, status=status, retry_after=retry_after), lasting)

    def enforce_limit(self, method: str, limit: RateLimit) -> None:
        self.limits[method] = limit

    # --- reading -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def calls_with(self, token: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.token == token]

    def conversation_with(self, *user_ids: str) -> str | None:
        """The DM (one user) or group DM (several) the bot opened with exactly these people."""
        with self._lock:
            return self._conversations.get(tuple(sorted(user_ids)))

    def members_of(self, channel: str) -> tuple[str, ...]:
        """Who is in a DM or group DM the bot opened (empty for channels)."""
        with self._lock:
            return next(
                (users for users, opened in self._conversations.items() if opened == channel), ()
            )

    def messages_in(self, channel: str | None) -> list[Call]:
        return [c for c in self.calls_to("chat.postMessage") if c.args.get("channel") == channel]

    def direct_messages(self, user_id: str) -> list[Call]:
        return self.messages_in(self.conversation_with(user_id))

    def as_now(self, posted: Call) -> Call:
        """A posted message as its reader sees it now: its last chat.update, if any."""
        where = (posted.args.get("channel"), posted.answer.get("ts"))
        updates = [
            c
            for c in self.calls_to("chat.update")
            if (c.args.get("channel"), c.args.get("ts")) == where
        ]
        return updates[-1] if updates else posted

    def uploaded_files(self) -> list[UploadedFile]:
        """Files shared by files.completeUploadExternal, with what was uploaded for each."""
        shared = []
        for call in self.calls_to("files.completeUploadExternal"):
            for entry in json.loads(call.args.get("files", "[]")):
                file_id = str(entry["id"])
                shared.append(
                    UploadedFile(
                        channel=str(call.args.get("channel_id", "")),
                        filename=self._file_names.get(file_id, ""),
                        title=str(entry.get("title") or ""),
                        content=self._file_contents.get(file_id, b""),
                    )
                )
        return shared

    def clear(self) -> None:
        with self._lock:
            self.calls.clear()
            self.block_errors.clear()

    def wait_for(self, predicate: Callable[[list[Call]], bool], timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.calls), timeout)

    # --- serving -------------------------------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        path = urlparse(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        if path.path.startswith("/upload/"):
            with self._lock:
                self._file_contents[path.path.removeprefix("/upload/")] = raw
            self._reply(request, 200, b"OK", "text/plain")
            return
        if path.path.startswith("/response/"):
            method = "response_url"
        elif path.path.startswith("/api/"):
            method = path.path.removeprefix("/api/")
        else:
            self._reply(request, 404, b"not found", "text/plain")
            return
        args = self._arguments(request, path.query, raw)
        status, headers, body = self._answer(method, args, request.headers.get("Authorization"))
        self._reply(request, status, json.dumps(body).encode(), "application/json", headers)

    def _arguments(self, request: BaseHTTPRequestHandler, query: str, raw: bytes) -> JSON:
        args: JSON = dict(parse_qsl(query))
        content_type = request.headers.get("Content-Type", "")
        if raw and "json" in content_type:
            args.update(json.loads(raw))
        elif raw:
            args.update(dict(parse_qsl(raw.decode())))
        for name in ("blocks", "view", "attachments"):
            if isinstance(args.get(name), str) and args[name][:1] in "[{":
                args[name] = json.loads(args[name])
        return args

    def _answer(
        self, method: str, args: JSON, auth: str | None
    ) -> tuple[int, dict[str, str], JSON]:
        token = (auth or "").removeprefix("Bearer ") if (auth or "").startswith("Bearer ") else ""
        call = Call(method, args, time.monotonic(), token=token)
        with self._changed:
            fault = self._next_fault(method)
            wait = self._rate_wait(method, args)
            if fault is None and wait == 0:
                self.calls.append(call)
            self._changed.notify_all()
        if wait:
            self.rejected_for_rate[method] += 1
            return (
                429,
                {"Retry-After": str(max(1, round(wait)))},
                {"ok": False, "error": "ratelimited"},
            )
        if fault is not None:
            if fault.status == 429:
                return (
                    429,
                    {"Retry-After": str(fault.retry_after or 1)},
                    {"ok": False, "error": "ratelimited"},
                )
            if fault.status >= 500:
                return fault.status, {}, {"ok": False, "error": "fatal_error"}
            return 200, {}, {"ok": False, "error": fault.error}
        if method == "oauth.v2.access":
            return 200, {}, self._oauth_access(args, auth)
        if method != "response_url" and not token.startswith("xoxb-"):
            return 200, {}, {"ok": False, "error": "not_authed"}
        workspace = self.workspaces.get(token)
        if workspace is not None and not workspace.installed:
            return 200, {}, {"ok": False, "error": "token_revoked"}
        if workspace is not None and method == "auth.test":
            return 200, {}, {"ok": True, **workspace.auth_test()}
        responder = self._responders.get(method)
        if responder is None:
            return 200, {}, {"ok": False, "error": "unknown_method"}
        invalid = self._invalid_blocks(method, args)
        if invalid:
            return 200, {}, {"ok": False, "error": "invalid_blocks", "errors": [invalid]}
        answer = responder(args)
        if "error" in answer:
            return 200, {}, {"ok": False, **answer}
        call.answer.update(answer)
        return 200, {}, {"ok": True, **answer}

    def _next_fault(self, method: str) -> Fault | None:
        storm = self._storms.get(method)
        if storm is not None:
            if storm[1]():
                self.stormed[method] += 1
                return storm[0]
            del self._storms[method]
        queue = self.faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    def _rate_wait(self, method: str, args: JSON) -> float:
        limit = self.limits.get(method)
        if limit is None:
            return 0.0
        key = str(args.get("channel", "")) if limit.per_channel else ""
        return limit.take(key, time.monotonic())

    def _invalid_blocks(self, method: str, args: JSON) -> str | None:
        try:
            if "blocks" in args:
                for block in Block.parse_all(args["blocks"]):
                    block.validate_json()
                if len(args["blocks"]) > 50:
                    raise SlackObjectFormationError("a message has at most 50 blocks")
            if "view" in args:
                view = args["view"]
                View(**view).validate_json()
                for block in Block.parse_all(view.get("blocks", [])):
                    block.validate_json()
        except (SlackObjectFormationError, TypeError, KeyError, ValueError) as error:
            self.block_errors.append((method, str(error)))
            return str(error)
        return None

    @staticmethod
    def _reply(
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(body)

    # --- responders ----------------------------------------------------------------------

    def _oauth_access(self, args: JSON, auth: str | None) -> JSON:
        basic = (auth or "").removeprefix("Basic ")
        given = base64.b64decode(basic).decode() if basic else ""
        if self.oauth_client is None or given != ":".join(self.oauth_client):
            return {"ok": False, "error": "invalid_client_id"}
        with self._lock:
            workspace = self._codes.pop(str(args.get("code", "")), None)
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        workspace.installed = True
        return {"ok": True, **workspace.oauth_access("commands,chat:write")}

    def _ts(self) -> str:
        return f"{time.time():.6f}"

    def _post_message(self, args: JSON) -> JSON:
        channel = args.get("channel")
        if not channel:
            return {"error": "channel_not_found"}
        if str(channel)[:1] in "UW":
            # Slack posts to a user id in the app's DM with them, and answers with its id;
            # the recorded call names that DM, as a reader of the conversation sees it.
            with self._lock:
                channel = self._conversations.setdefault(
                    (str(channel),), f"D{len(self._conversations) + 1:08d}"
                )
            args["channel"] = channel
        ts = self._ts()
        return {"channel": channel, "ts": ts, "message": {"text": args.get("text"), "ts": ts}}

    def _open_conversation(self, args: JSON) -> JSON:
        users = tuple(sorted(str(args.get("users", "")).split(",")))
        if not users or not users[0] or len(users) > 8:
            return {"error": "too_many_users" if len(users) > 8 else "users_list_not_supplied"}
        prefix = "D" if len(users) == 1 else "G"
        with self._lock:
            channel = self._conversations.setdefault(
                users, f"{prefix}{len(self._conversations) + 1:08d}"
            )
        return {"channel": {"id": channel}}

    def _members(self, args: JSON) -> JSON:
        channel = str(args.get("channel"))
        if channel not in self.channel_members:
            return {"error": "channel_not_found"}
        return {"members": self.channel_members[channel], "response_metadata": {"next_cursor": ""}}

    def _channel_info(self, args: JSON) -> JSON:
        channel = str(args.get("channel"))
        if channel not in self.channel_names:
            return {"error": "channel_not_found"}
        return {"channel": {"id": channel, "name": self.channel_names[channel]}}

    def _view(self, args: JSON) -> JSON:
        return {"view": {"id": f"V{next(self._ids):08d}", **args.get("view", {})}}

    def _upload_url(self, args: JSON) -> JSON:
        file_id = f"F{next(self._ids):08d}"
        with self._lock:
            self._file_names[file_id] = str(args.get("filename", ""))
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _user_info(self, args: JSON) -> JSON:
        user = self.users.get(str(args.get("user")))
        return {"user": user.as_json()} if user else {"error": "user_not_found"}

    def _lookup_by_email(self, args: JSON) -> JSON:
        email = str(args.get("email", "")).lower()
        for user in self.users.values():
            if (user.email or "").lower() == email:
                return {"user": user.as_json()}
        return {"error": "users_not_found"}

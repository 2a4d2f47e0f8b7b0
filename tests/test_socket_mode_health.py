"""Socket Mode: `rounds serve` answers /healthz, /readyz and /metrics on PORT while connected."""

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from slack_bolt import App, BoltRequest
from slack_bolt.adapter import socket_mode

from bot.settings import load_settings
from devtools.slack.fake_api import FakeSlack, FakeUser
from handlers.serve import serve


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def get(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def root_logging() -> Iterator[None]:
    """serve() configures logging for the process; put the test runner's back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_socket_mode_serves_health_readiness_and_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root_logging: None
) -> None:
    fake = FakeSlack().start()
    fake.add_user(FakeUser("U0ANA", "ana", "Ana Ruiz", "America/New_York"))
    port = free_port()
    seen: dict[str, Any] = {}

    class ConnectedSocketMode:
        """Stands in for the WebSocket: one slash command arrives, then the test looks."""

        def __init__(self, app: App, app_token: str) -> None:
            self.app = app

        def start(self) -> None:
            command = {
                "command": "/mentor",
                "text": "help",
                "user_id": "U0ANA",
                "team_id": "T0DEMO",
                "channel_id": "D0ANA",
                "response_url": fake.response_url("help"),
                "trigger_id": "1.2.3",
            }
            seen["ack"] = self.app.dispatch(BoltRequest(body=command, mode="socket_mode")).status
            base = f"http://127.0.0.1:{port}"
            for path in ("/healthz", "/readyz", "/metrics", "/slack/events"):
                seen[path] = get(base + path)

    monkeypatch.setattr(socket_mode, "SocketModeHandler", ConnectedSocketMode)
    settings = load_settings(
        _env_file=None,
        SLACK_BOT_TOKEN="xoxb-socket-test",
        SLACK_SIGNING_SECRET="secret",
        SLACK_APP_TOKEN="xapp-1-socket-test",
        SLACK_API_URL=fake.api_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'rounds.db'}",
        PORT=port,
        COMPUTE_PROCESSES=0,
    )
    try:
        serve(settings)
    finally:
        fake.stop()

    assert seen["ack"] == 200
    assert seen["/healthz"] == (200, b"ok\n")
    status, body = seen["/readyz"]
    assert status == 200
    assert json.loads(body) == {"ready": True, "database": True, "scheduler_leader": True}
    status, metrics = seen["/metrics"]
    assert status == 200
    assert b'rounds_acks_total{command="/mentor",kind="command"} 1.0' in metrics
    assert b"rounds_scheduler_leader 1.0" in metrics
    assert seen["/slack/events"][0] == 404

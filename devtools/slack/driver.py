"""Plays Slack's part: signed slash commands, events and interactions sent to a running app.

Tests and `rounds demo` both drive the real app through this, over HTTP.
"""

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlparse
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

from slack_sdk.signature import SignatureVerifier

from devtools.slack.fake_api import FAKE_TEAM, FakeSlack, FakeWorkspace


@dataclass(frozen=True)
class Delivery:
    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class _StayHere(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One GET that does not follow redirects: status, headers, body."""
    opener = build_opener(_StayHere)
    try:
        with opener.open(Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def install_by_oauth(app_url: str, fake: FakeSlack, workspace: FakeWorkspace) -> Delivery:
    """A browser's install: /slack/install redirects to the consent page with a state (and
    sets it in a cookie); approving sends the browser back to /slack/oauth_redirect."""
    status, headers, body = _get(f"{app_url}/slack/install")
    if status != 302:
        return Delivery(status, body)
    state = parse_qs(urlparse(headers["Location"]).query)["state"][0]
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    query = urlencode({"code": fake.approve_install(workspace), "state": state})
    status, _, body = _get(f"{app_url}/slack/oauth_redirect?{query}", {"Cookie": cookie})
    return Delivery(status, body)


class SlackDriver:
    def __init__(
        self,
        events_url: str,
        signing_secret: str,
        fake: FakeSlack,
        team_id: str | None = FAKE_TEAM,
        org_wide_install: str | None = None,
    ) -> None:
        """Requests from ``team_id``; ``org_wide_install`` names the Enterprise Grid org whose
        org-wide install of Rounds serves that workspace (None: the org itself speaks)."""
        self.events_url = events_url
        self.verifier = SignatureVerifier(signing_secret)
        self.fake = fake
        self.team_id = team_id
        self.enterprise_id = org_wide_install

    def _org(self, form: bool = False) -> dict[str, Any]:
        if self.enterprise_id is None:
            return {}
        if form:
            return {"enterprise_id": self.enterprise_id, "is_enterprise_install": "true"}
        return {"enterprise": {"id": self.enterprise_id}, "is_enterprise_install": True}

    def post(
        self,
        body: str,
        content_type: str,
        *,
        headers: dict[str, str] | None = None,
        age_seconds: int = 0,
        signature: str | None = None,
    ) -> Delivery:
        timestamp = str(int(time.time()) - age_seconds)
        sign = signature or self.verifier.generate_signature(timestamp=timestamp, body=body) or ""
        request = Request(
            self.events_url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": timestamp,
                "X-Slack-Signature": sign,
                **(headers or {}),
            },
        )
        try:
            with urlopen(request, timeout=10) as response:
                return Delivery(response.status, response.read().decode())
        except HTTPError as error:
            return Delivery(error.code, error.read().decode())

    def command(
        self, user_id: str, command: str, text: str = "", channel_id: str = "C0GENERAL"
    ) -> Delivery:
        form = {
            "token": "unused",
            "team_id": self.team_id,
            "team_domain": "rounds-demo",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": "AROUNDS",
            "response_url": self.fake.response_url(),
            "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
            **self._org(form=True),
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def event(
        self, event: dict[str, Any], event_id: str | None = None, retry_num: int | None = None
    ) -> Delivery:
        envelope: dict[str, Any] = {
            "token": "unused",
            "api_app_id": "AROUNDS",
            "event": {"event_ts": f"{time.time():.6f}", **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
        }
        if self.team_id is not None:
            envelope["team_id"] = self.team_id
        if self.enterprise_id is not None:
            envelope["enterprise_id"] = self.enterprise_id
            envelope["authorizations"] = [
                {
                    "enterprise_id": self.enterprise_id,
                    "team_id": None,
                    "user_id": "UROUNDSBOT",
                    "is_bot": True,
                    "is_enterprise_install": True,
                }
            ]
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(json.dumps(envelope), "application/json", headers=headers)

    def interaction(self, payload: dict[str, Any]) -> Delivery:
        payload = {
            "team": {"id": self.team_id, "domain": "rounds-demo"},
            "api_app_id": "AROUNDS",
            **self._org(),
            **payload,
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        )

    def click(
        self,
        user_id: str,
        action_id: str,
        value: str = "",
        *,
        channel_id: str | None = None,
        message_ts: str | None = None,
        view: dict[str, Any] | None = None,
    ) -> Delivery:
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user_id, "team_id": self.team_id},
            "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
            "response_url": self.fake.response_url(),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b",
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        if channel_id:
            payload["channel"] = {"id": channel_id}
            payload["container"] = {
                "type": "message",
                "channel_id": channel_id,
                "message_ts": message_ts or "1.0",
            }
            payload["message"] = {"ts": message_ts or "1.0", "text": ""}
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
        return self.interaction(payload)

    def submit_view(
        self,
        user_id: str,
        callback_id: str,
        values: dict[str, dict[str, dict[str, Any]]],
        private_metadata: str = "",
    ) -> Delivery:
        return self.interaction(
            {
                "type": "view_submission",
                "user": {"id": user_id, "team_id": self.team_id},
                "trigger_id": f"{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex[:12]}",
                "view": {
                    "id": f"V{uuid.uuid4().hex[:8].upper()}",
                    "type": "modal",
                    "callback_id": callback_id,
                    "private_metadata": private_metadata,
                    "state": {"values": values},
                },
            }
        )

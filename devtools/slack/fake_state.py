"""What the fake Slack Web API keeps: its calls, faults, rate limits, users and workspaces."""

from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]
FAKE_TEAM = "T0DEMO"
FAKE_BOT_USER = "UROUNDSBOT"


@dataclass(frozen=True)
class Call:
    method: str
    args: JSON
    at: float
    # What the fake answered (a posted message's "ts", say), filled in once it has.
    answer: JSON = field(default_factory=dict)
    # The bot token it came with (empty for response_url and oauth.v2.access).
    token: str = ""


@dataclass
class Fault:
    remaining: int
    status: int = 200
    error: str | None = None
    retry_after: int | None = None


@dataclass
class RateLimit:
    """A token bucket: `per_second` sustained, `burst` at once, per key (channel or workspace)."""

    per_second: float
    burst: int
    per_channel: bool = False
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: str, now: float) -> float:
        """Zero if a call may go now, else seconds until it may."""
        tokens, updated = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - updated) * self.per_second)
        if tokens >= 1:
            self._buckets[key] = (tokens - 1, now)
            return 0.0
        self._buckets[key] = (tokens, now)
        return (1 - tokens) / self.per_second


@dataclass(frozen=True)
class UploadedFile:
    channel: str
    filename: str
    title: str
    content: bytes


@dataclass
class FakeUser:
    user_id: str
    name: str
    real_name: str
    tz: str = "America/New_York"
    email: str | None = None
    team_id: str = FAKE_TEAM

    def as_json(self) -> JSON:
        return {
            "id": self.user_id,
            "team_id": self.team_id,
            "name": self.name,
            "real_name": self.real_name,
            "tz": self.tz,
            "profile": {
                "display_name": self.real_name,
                "real_name": self.real_name,
                "email": self.email,
            },
        }


@dataclass
class FakeWorkspace:
    """A workspace (or, with ``org_wide``, an Enterprise Grid organization) that can install
    Rounds: approving the install gives a one-time code, which oauth.v2.access trades for
    this workspace's own bot token."""

    team_id: str
    name: str
    bot_token: str
    bot_user_id: str
    enterprise_id: str | None = None
    org_wide: bool = False
    installed: bool = False

    def auth_test(self) -> JSON:
        answer: JSON = {
            "url": f"https://{self.team_id.lower()}.slack.com/",
            "team": self.name,
            "team_id": self.team_id,
            "user": "rounds",
            "user_id": self.bot_user_id,
            "bot_id": f"B{self.team_id}",
        }
        if self.enterprise_id:
            answer["enterprise_id"] = self.enterprise_id
            answer["is_enterprise_install"] = self.org_wide
        return answer

    def oauth_access(self, scopes: str) -> JSON:
        team = None if self.org_wide else {"id": self.team_id, "name": self.name}
        enterprise = {"id": self.enterprise_id, "name": self.name} if self.enterprise_id else None
        return {
            "app_id": "AROUNDS",
            "authed_user": {"id": f"U{self.team_id}ADMIN"},
            "scope": scopes,
            "token_type": "bot",
            "access_token": self.bot_token,
            "bot_user_id": self.bot_user_id,
            "team": team,
            "enterprise": enterprise,
            "is_enterprise_install": self.org_wide,
        }

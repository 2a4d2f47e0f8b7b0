"""Configuration from the environment and `.env`, with errors a person can act on."""

import re
from collections.abc import Iterable
from datetime import time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.settings_guide import WHERE_TO_FIND

DEFAULT_DATABASE_URL = "sqlite:///rounds.db"
SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
SLACK_WORKSPACE_ID = re.compile(r"^[TE][A-Z0-9]{2,}$")
SLACK_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# The bot scopes of manifest.yml (tests/test_manifest.py keeps the two alike).
SLACK_BOT_SCOPES = (
    "commands",
    "chat:write",
    "files:write",
    "im:write",
    "mpim:write",
    "users:read",
    "users:read.email",
    "channels:read",
    "groups:read",
)

# Each platform's settings are required only when Rounds runs on that platform.
REQUIRED_FOR_PLATFORM = {
    "slack": ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"),
    "teams": ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID"),
}


class SettingsError(Exception):
    """Raised with a message meant for the person starting Rounds."""


class Settings(BaseSettings):
    """Every setting Rounds reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    PLATFORM: Literal["slack", "teams"] = "slack"
    SLACK_BOT_TOKEN: str = ""
    SLACK_SIGNING_SECRET: str = ""
    SLACK_APP_TOKEN: str | None = None
    SLACK_CLIENT_ID: str = ""
    SLACK_CLIENT_SECRET: str = ""
    SLACK_SCOPES: Annotated[tuple[str, ...], NoDecode] = SLACK_BOT_SCOPES
    SLACK_API_URL: str = "https://slack.com/api/"
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    ORGANIZERS: Annotated[frozenset[str], NoDecode] = frozenset()
    DEFAULT_TIMEZONE: str = "America/New_York"
    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    PORT: int = Field(default=3000, ge=1, le=65535)
    SCHEDULER_POLL_SECONDS: float = Field(default=5.0, gt=0, le=60)
    HTTP_THREADS: int = Field(default=8, ge=1, le=64)
    LISTENER_THREADS: int = Field(default=8, ge=1, le=64)
    COMPUTE_PROCESSES: int = Field(default=1, ge=0, le=16)
    SCHEDULER_TIMED_THREADS: int = Field(default=2, ge=1, le=32)
    SCHEDULER_BULK_THREADS: int = Field(default=4, ge=1, le=32)
    OUTBOX_THREADS: int = Field(default=8, ge=1, le=64)
    REMIND_AFTER_HOURS: float = Field(default=48, gt=0, le=24 * 30)
    PASS_ON_AFTER_HOURS: float = Field(default=72, gt=0, le=24 * 30)
    OPENAI_API_KEY: str | None = None
    OPENAI_BASE_URL: str | None = None
    SHOUTOUT_CHANNEL: str | None = None
    FREE_TEXT_RETENTION_MONTHS: int = Field(default=0, ge=0, le=120)
    QUIET_HOURS_START: time = time(20, 0)
    QUIET_HOURS_END: time = time(8, 0)
    QUIET_WEEKENDS: bool = False
    DID_YOU_MEET_AFTER_DAYS: int = Field(default=4, ge=1, le=30)
    CALENDAR_FEED_TIMEOUT_SECONDS: float = Field(default=10, gt=0, le=60)
    ROTATION_SEARCH_SECONDS: float = Field(default=1.0, ge=0, le=60)
    COFFEE_SEED: int | None = None
    TEAMS_APP_ID: str = ""
    TEAMS_APP_PASSWORD: str = ""
    TEAMS_TENANT_ID: str = ""
    # --- operations: log format and the public address --------------------------------
    LOG_FORMAT: Literal["text", "json"] = "text"
    PUBLIC_URL: str | None = None

    @field_validator("PUBLIC_URL")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("it must be an http(s) URL such as https://rounds.example.org")
        return value.rstrip("/")

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token(cls, value: str) -> str:
        if value and not value.startswith("xoxb-"):
            raise ValueError("it must start with xoxb-")
        return value

    @field_validator("SLACK_SCOPES", mode="before")
    @classmethod
    def _scopes(cls, value: object) -> tuple[str, ...]:
        if isinstance(value, str):
            if not value.strip():
                return SLACK_BOT_SCOPES
            value = value.split(",")
        if not isinstance(value, list | tuple):
            raise ValueError("it must be a comma-separated list of scopes")
        scopes = tuple(str(scope).strip() for scope in value if str(scope).strip())
        bad = [scope for scope in scopes if not re.fullmatch(r"[a-z]+(:[a-z._]+)*", scope)]
        if bad or not scopes:
            raise ValueError(f"{', '.join(bad) or 'nothing'} is not a Slack scope")
        return scopes

    @field_validator(
        "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "TEAMS_APP_PASSWORD"
    )
    @classmethod
    def _secret(cls, value: str) -> str:
        return value.strip()

    @field_validator("TEAMS_APP_ID", "TEAMS_TENANT_ID")
    @classmethod
    def _guid(cls, value: str) -> str:
        value = value.strip()
        if value and not GUID.match(value):
            raise ValueError("it must be a GUID like 00000000-0000-0000-0000-000000000000")
        return value.lower()

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("xapp-"):
            raise ValueError("it must start with xapp-")
        return value

    @field_validator("SLACK_API_URL")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://", value):
            raise ValueError("it must be an http(s) URL")
        return value if value.endswith("/") else value + "/"

    @field_validator("DATABASE_URL")
    @classmethod
    def _database_url(cls, value: str) -> str:
        from storage.db import backend_name

        try:
            backend = backend_name(value)
        except ValueError as error:
            raise ValueError("it is not a database URL") from error
        if backend not in ("sqlite", "postgresql"):
            raise ValueError("Rounds runs on sqlite or postgresql")
        return value

    @field_validator("ORGANIZERS", mode="before")
    @classmethod
    def _organizers(cls, value: object) -> frozenset[str]:
        if isinstance(value, str):
            ids = [part.strip() for part in value.split(",") if part.strip()]
        elif isinstance(value, list | tuple | set | frozenset):
            ids = [str(part) for part in value]
        else:
            raise ValueError("it must be a comma-separated list of user ids")
        bad = [u for u in ids if not _valid_entry(u, SLACK_USER_ID, teams=True)]
        if bad:
            raise ValueError(
                f"{', '.join(bad)} is not a Slack user id or a Microsoft Entra object id"
            )
        return frozenset(u.lower() if GUID.match(u) else u for u in ids)

    @field_validator("SHOUTOUT_CHANNEL")
    @classmethod
    def _shoutout_channel(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        entries = [part.strip() for part in value.split(",") if part.strip()]
        if not entries or not all(_valid_entry(e, SLACK_CHANNEL_ID) for e in entries):
            raise ValueError("it must be a channel id such as C012ABCDEF")
        workspaces = [scoped_entry(e)[0] for e in entries]
        if len(set(workspaces)) != len(workspaces):
            raise ValueError("it names more than one channel for a workspace")
        return ",".join(entries)

    @field_validator("DEFAULT_TIMEZONE")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError("it is not a known time zone") from error
        return value

    @model_validator(mode="after")
    def _reminder_before_pass_on(self) -> "Settings":
        if self.PASS_ON_AFTER_HOURS <= self.REMIND_AFTER_HOURS:
            raise ValueError("PASS_ON_AFTER_HOURS must be longer than REMIND_AFTER_HOURS")
        return self

    @field_validator("QUIET_HOURS_START", "QUIET_HOURS_END", mode="before")
    @classmethod
    def _clock_time(cls, value: object) -> object:
        if isinstance(value, time):
            return value
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(value))
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise ValueError("it must be a time of day like 20:00")
        return time(int(match[1]), int(match[2]))

    @model_validator(mode="after")
    def _client_id_with_secret(self) -> "Settings":
        if bool(self.SLACK_CLIENT_ID) != bool(self.SLACK_CLIENT_SECRET):
            raise ValueError(
                "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set together or not at all"
            )
        if self.installs_by_oauth:
            _every_entry_names_its_workspace("ORGANIZERS", self.ORGANIZERS, "U012ABCDEF")
            channels = (self.SHOUTOUT_CHANNEL or "").split(",")
            _every_entry_names_its_workspace("SHOUTOUT_CHANNEL", channels, "C012ABCDEF")
        if self.installs_by_oauth and self.SLACK_APP_TOKEN is not None:
            raise ValueError(
                "workspaces install Rounds through its /slack/install page, which HTTP mode "
                "serves: leave SLACK_APP_TOKEN empty when SLACK_CLIENT_ID is set"
            )
        return self

    @property
    def socket_mode(self) -> bool:
        return self.SLACK_APP_TOKEN is not None

    @property
    def installs_by_oauth(self) -> bool:
        """Workspaces install Rounds through /slack/install; each keeps its own bot token."""
        return bool(self.SLACK_CLIENT_ID and self.SLACK_CLIENT_SECRET)

    def organizers_in(self, workspace_id: str) -> frozenset[str]:
        """The ORGANIZERS of one workspace: its own entries and those naming no workspace."""
        return entries_in(self.ORGANIZERS, workspace_id)

    def shoutout_channel_in(self, workspace_id: str) -> str | None:
        """Where one workspace's shout-outs go: its own channel, else the one naming none."""
        entries = (self.SHOUTOUT_CHANNEL or "").split(",")
        scoped = dict(scoped_entry(e) for e in entries if e)
        return scoped.get(workspace_id, scoped.get(None))

    def missing_for_platform(self) -> tuple[str, ...]:
        """The settings this platform needs that are empty."""
        required = REQUIRED_FOR_PLATFORM[self.PLATFORM]
        if self.PLATFORM == "slack" and self.installs_by_oauth:
            required = tuple(name for name in required if name != "SLACK_BOT_TOKEN")
        return tuple(name for name in required if not getattr(self, name))


def scoped_entry(entry: str) -> tuple[str | None, str]:
    """("T012", "U034") for "T012:U034": an entry for one workspace; (None, "U034") for all."""
    workspace, _, value = entry.rpartition(":")
    return (workspace or None), value


def entries_in(entries: Iterable[str], workspace_id: str) -> frozenset[str]:
    """The values of ``entries`` that hold in ``workspace_id``."""
    scoped = (scoped_entry(entry) for entry in entries)
    return frozenset(value for workspace, value in scoped if workspace in (None, workspace_id))


def _valid_entry(entry: str, value: re.Pattern[str], *, teams: bool = False) -> bool:
    workspace, id_ = scoped_entry(entry)
    if workspace is None:
        return bool(value.match(id_) or (teams and GUID.match(id_)))
    return bool(SLACK_WORKSPACE_ID.match(workspace) and value.match(id_))


def _every_entry_names_its_workspace(name: str, entries: Iterable[str], example: str) -> None:
    # An id from one workspace means nothing (or someone else) in another.
    bare = sorted(e for e in entries if e and scoped_entry(e)[0] is None)
    if bare:
        raise ValueError(
            f"{name}: Rounds serves several workspaces (SLACK_CLIENT_ID is set), so put the "
            f"workspace id and a colon before {', '.join(bare)}, as in T012ABCDEF:{example}"
        )


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning validation errors into one paragraph per bad setting."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
    missing = settings.missing_for_platform()
    if missing:
        raise SettingsError("\n\n".join(_explain(name, f"{name} is not set.") for name in missing))
    return settings


def load_database_url(override: str | None = None) -> str:
    """DATABASE_URL read as `rounds serve` reads it (environment, then `.env`), for the
    commands that need only the database and so no platform tokens."""
    try:
        settings = Settings(**({"DATABASE_URL": override} if override else {}))  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_settings_error(error)) from None
    return settings.DATABASE_URL


def describe_settings_error(error: ValidationError) -> str:
    paragraphs = []
    for problem in error.errors():
        name = str(problem["loc"][0]) if problem["loc"] else "a setting"
        if problem["type"] == "missing":
            what = f"{name} is not set."
        else:
            reason = str(problem["msg"]).removeprefix("Value error, ")
            what = f"{name} is not valid: {reason}."
        paragraphs.append(_explain(name, what))
    return "\n\n".join(paragraphs)


def _explain(name: str, what: str) -> str:
    where = WHERE_TO_FIND.get(name, "")
    return (
        f"Rounds cannot start: {what} Set it in the environment or in a .env file "
        f"(see .env.example). {name} is {where}".rstrip()
    )

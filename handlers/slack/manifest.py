"""The Slack app manifest with every request URL filled in from one public URL (HTTP mode)."""

import copy
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from handlers.http import EVENTS_PATH

# A wheel carries the manifest inside the package (pyproject's force-include); a clone has it
# at the top of the repository.
PACKAGED = Path(str(files("handlers.slack") / "manifest.yml"))
IN_CLONE = Path(__file__).resolve().parents[2] / "manifest.yml"
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"


def manifest_template() -> dict[str, Any]:
    path = PACKAGED if PACKAGED.exists() else IN_CLONE
    manifest: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return manifest


def with_public_url(manifest: dict[str, Any], public_url: str) -> dict[str, Any]:
    """The manifest for HTTP mode: Socket Mode off, Slack's requests sent to ``public_url``."""
    base = public_url.rstrip("/")
    events = base + EVENTS_PATH
    filled = copy.deepcopy(manifest)
    for command in filled.get("features", {}).get("slash_commands", []):
        command["url"] = events
    settings = filled.setdefault("settings", {})
    settings.setdefault("event_subscriptions", {})["request_url"] = events
    settings.setdefault("interactivity", {"is_enabled": True})["request_url"] = events
    settings["socket_mode_enabled"] = False
    oauth = filled.get("oauth_config", {})
    if "redirect_urls" in oauth:
        oauth["redirect_urls"] = [base + OAUTH_REDIRECT_PATH]
    return filled


def render(manifest: dict[str, Any]) -> str:
    return yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=100)

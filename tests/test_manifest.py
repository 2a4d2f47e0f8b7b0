import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from bot.help import COMMAND_HELP
from bot.settings import SLACK_BOT_SCOPES
from handlers.slack.workspaces import REDIRECT_PATH

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared" / "ref" / "slack-app-manifest.schema.json"
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())

# The bot scopes each Web API method Rounds calls needs (https://api.slack.com/methods).
METHOD_SCOPES: dict[str, set[str]] = {
    "auth.test": set(),
    "chat.postMessage": {"chat:write"},
    "chat.postEphemeral": {"chat:write"},
    "chat.update": {"chat:write"},
    "chat.delete": {"chat:write"},
    "chat.scheduleMessage": {"chat:write"},
    "conversations.open": {"im:write", "mpim:write"},
    "conversations.members": {"channels:read", "groups:read"},
    "conversations.info": {"channels:read", "groups:read"},
    "views.publish": set(),
    "views.open": set(),
    "views.update": set(),
    "views.push": set(),
    "users.info": {"users:read"},
    "users.lookupByEmail": {"users:read", "users:read.email"},
    "files.uploadV2": {"files:write"},
}
SLASH_COMMAND_SCOPE = "commands"
CLIENT_CALL = re.compile(r"\bclient\.(auth|chat|conversations|views|users|files)_(\w+)\(")


def methods_called_by_code() -> set[str]:
    methods = set()
    for path in [*ROOT.glob("handlers/**/*.py"), *ROOT.glob("bot/**/*.py")]:
        for family, name in CLIENT_CALL.findall(path.read_text()):
            camel = re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)
            methods.add(f"{family}.{camel}")
    return methods


def test_manifest_is_valid_for_slack() -> None:
    if not SCHEMA.exists():
        pytest.skip(f"Slack's manifest schema is not at {SCHEMA}")
    validator = Draft7Validator(json.loads(SCHEMA.read_text()))
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(MANIFEST)]
    assert errors == []


def test_commands_in_manifest_are_exactly_those_rounds_answers() -> None:
    in_manifest = {entry["command"] for entry in MANIFEST["features"]["slash_commands"]}
    assert in_manifest == set(COMMAND_HELP)


def test_every_method_the_code_calls_is_covered_by_a_scope_and_no_scope_is_spare() -> None:
    scopes = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    called = methods_called_by_code() | {"auth.test"}
    unknown = called - METHOD_SCOPES.keys()
    assert unknown == set(), f"add the scopes these methods need to METHOD_SCOPES: {unknown}"
    missing = {m: METHOD_SCOPES[m] - scopes for m in called if METHOD_SCOPES[m] - scopes}
    assert missing == {}
    needed = {SLASH_COMMAND_SCOPE}.union(*(METHOD_SCOPES[m] for m in called))
    assert scopes - needed == set(), "the manifest asks for scopes no code uses"


def test_an_oauth_install_asks_for_the_manifests_scopes_and_hears_uninstalls() -> None:
    assert list(SLACK_BOT_SCOPES) == MANIFEST["oauth_config"]["scopes"]["bot"]
    events = MANIFEST["settings"]["event_subscriptions"]["bot_events"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(events)
    redirects = MANIFEST["oauth_config"]["redirect_urls"]
    assert all(url.endswith(REDIRECT_PATH) for url in redirects)


def test_socket_mode_interactivity_and_home_tab_are_on() -> None:
    assert MANIFEST["settings"]["socket_mode_enabled"] is True
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in MANIFEST["settings"]["event_subscriptions"]["bot_events"]

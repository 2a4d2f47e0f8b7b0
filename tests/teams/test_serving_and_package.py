"""Serving Teams with the SDK's JWT check, settings per platform, and the app package."""

import json
import struct
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.identity import PersonRef
from bot.settings import Settings, SettingsError, load_settings
from devtools.teams.harness import LOCAL_APP_ID, LOCAL_TENANT
from handlers.cli import main
from handlers.teams.app import build_teams_app
from handlers.teams.package import build_package
from handlers.teams.serve import TeamsServer
from storage.db import Database
from storage.migrate import upgrade
from storage.people import PersonRepository

TEAMS = {
    "PLATFORM": "teams",
    "TEAMS_APP_ID": LOCAL_APP_ID,
    "TEAMS_APP_PASSWORD": "a-client-secret",
    "TEAMS_TENANT_ID": LOCAL_TENANT,
}


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def status_of(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_api_messages_refuses_a_request_without_a_bot_framework_token(tmp_path: Path) -> None:
    settings = load_settings(_env_file=None, **TEAMS, DATABASE_URL=f"sqlite:///{tmp_path}/r.db")
    rounds = build_teams_app(settings)
    upgrade(rounds.services.database)
    server = TeamsServer(rounds).start()
    try:
        unsigned = urllib.request.Request(
            server.messages_url,
            data=json.dumps({"type": "message", "conversation": {"id": "a:1"}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        forged = urllib.request.Request(
            server.messages_url,
            data=unsigned.data,
            headers={"Content-Type": "application/json", "Authorization": "Bearer not.a.jwt"},
        )

        assert status_of(unsigned) == 401
        assert status_of(forged) == 401
        assert status_of(urllib.request.Request(server.url + "/healthz")) == 200
    finally:
        server.stop()
        rounds.close()
        rounds.services.database.dispose()


def test_teams_needs_no_slack_settings() -> None:
    settings = load_settings(_env_file=None, **TEAMS)

    assert settings.PLATFORM == "teams"
    assert settings.SLACK_BOT_TOKEN == ""


def test_missing_teams_settings_say_where_to_find_them() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, PLATFORM="teams")

    explained = str(error.value)
    assert "TEAMS_APP_ID is not set." in explained and "Azure Bot resource" in explained
    assert "TEAMS_APP_PASSWORD is not set." in explained and "Certificates & secrets" in explained
    assert "TEAMS_TENANT_ID is not set." in explained and "Tenant ID" in explained
    assert "SLACK_BOT_TOKEN" not in explained


def test_serve_for_teams_without_settings_explains_and_never_echoes_secrets() -> None:
    result = CliRunner().invoke(
        main, ["serve", "--platform", "teams"], env={"TEAMS_APP_PASSWORD": "s3cret-value"}
    )

    assert result.exit_code == 2
    assert "TEAMS_APP_ID is not set." in result.output
    assert "s3cret-value" not in result.output
    assert "Traceback" not in result.output


def test_a_malformed_app_id_is_named_with_the_reason() -> None:
    with pytest.raises(SettingsError, match="TEAMS_APP_ID is not valid: it must be a GUID"):
        load_settings(_env_file=None, **TEAMS | {"TEAMS_APP_ID": "my-bot"})


def test_organizers_may_be_slack_ids_or_entra_object_ids() -> None:
    object_id = "5C0FFEE0-1234-4ABC-8DEF-0123456789AB"
    settings = load_settings(_env_file=None, **TEAMS, ORGANIZERS=f"U012ABC,{object_id}")

    assert {"U012ABC", object_id.lower()} == settings.ORGANIZERS


def test_one_database_keeps_slack_and_teams_people_apart(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path}/both.db")
    upgrade(database)
    slack = PersonRef.slack("T0DEMO", "U0ANA")
    teams = PersonRef.teams(LOCAL_TENANT.upper(), "5C0FFEE0-1234-4ABC-8DEF-0123456789AB")

    with database.write() as session:
        people = PersonRepository(session)
        ids = {people.get_or_create(slack).id, people.get_or_create(teams).id}
        again = people.get_or_create(PersonRef.teams(LOCAL_TENANT, teams.user_id.upper()))

    assert len(ids) == 2 and again.id in ids
    database.dispose()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_teams_package_holds_a_manifest_for_this_bot_and_both_icons(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["teams-package", "--app-id", LOCAL_APP_ID.upper()])
    assert result.exit_code == 0, result.output

    with zipfile.ZipFile(tmp_path / "rounds-teams.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(package.read("manifest.json"))
        color, outline = package.read("color.png"), package.read("outline.png")

    assert manifest["manifestVersion"] == "1.17"
    assert manifest["id"] == LOCAL_APP_ID
    bot = manifest["bots"][0]
    assert bot["botId"] == LOCAL_APP_ID and bot["scopes"] == ["personal"]
    commands = bot["commandLists"][0]["commands"]
    assert [c["title"] for c in commands] == ["mentor", "goals", "tips", "end", "help"]
    assert all(len(c["title"]) <= 32 and len(c["description"]) <= 128 for c in commands)
    assert len(manifest["name"]["short"]) <= 30
    assert len(manifest["description"]["short"]) <= 80
    assert all(
        manifest["developer"][k].startswith("https://")
        for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")
    )
    assert png_size(color) == (192, 192) and png_size(outline) == (32, 32)


def test_a_package_needs_the_bots_app_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="GUID"):
        build_package("rounds-bot", tmp_path / "x.zip")
    result = CliRunner().invoke(main, ["teams-package", "--app-id", "rounds-bot"])
    assert result.exit_code == 2 and "GUID" in result.output

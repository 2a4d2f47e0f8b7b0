import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.settings import Settings, SettingsError, load_settings
from handlers.cli import main
from storage.migrate import head_revision

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "secret"}


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_serve_without_tokens_explains_what_to_set_and_where_to_find_it() -> None:
    result = CliRunner().invoke(main, ["serve"])

    assert result.exit_code == 2
    assert "Rounds cannot start: SLACK_BOT_TOKEN is not set." in result.output
    assert "OAuth & Permissions" in result.output
    assert "SLACK_SIGNING_SECRET is not set." in result.output
    assert "Traceback" not in result.output


def test_a_malformed_setting_is_named_with_the_reason_and_never_echoed() -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(**GOOD | {"SLACK_BOT_TOKEN": "xoxp-personal-token-123"})

    assert "SLACK_BOT_TOKEN is not valid: it must start with xoxb-" in str(error.value)
    assert "xoxp-personal-token-123" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("ORGANIZERS", "U012ABC,not-an-id", "not-an-id is not a Slack user id"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "not a known time zone"),
        ("DATABASE_URL", "mysql://x@y/z", "Rounds runs on sqlite or postgresql"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind", "it must start with xapp-"),
        ("PORT", "99999", "PORT is not valid"),
    ],
)
def test_each_malformed_setting_gets_its_own_explanation(
    name: str, value: str, reason: str
) -> None:
    with pytest.raises(SettingsError, match=re.escape(reason)):
        load_settings(**GOOD | {name: value})


def test_settings_are_read_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=s\nORGANIZERS=U01AAA, U02BBB\n"
    )

    settings = load_settings()

    assert settings.SLACK_BOT_TOKEN == "xoxb-from-file"
    assert {"U01AAA", "U02BBB"} == settings.ORGANIZERS
    assert not settings.socket_mode
    assert settings.DATABASE_URL.startswith("sqlite:///")


def test_env_example_documents_every_setting() -> None:
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, re.MULTILINE))

    assert set(Settings.model_fields) <= documented


def test_migrate_and_report_use_the_database_named_in_dotenv(tmp_path: Path) -> None:
    database_file = tmp_path / "from-dotenv.db"
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite:///{database_file}\n")
    runner = CliRunner()

    migrated = runner.invoke(main, ["migrate"])
    reported = runner.invoke(main, ["report", "--since", "2026-01-01", "--out", "report.html"])

    assert migrated.exit_code == 0, migrated.output
    assert database_file.exists()
    assert f"Database is at revision {head_revision()}." in migrated.output
    assert reported.exit_code == 0, reported.output
    assert (tmp_path / "report.html").read_text().startswith("<!")
    assert not (tmp_path / "rounds.db").exists()


def test_migrate_with_a_bad_database_url_in_dotenv_explains_it() -> None:
    Path(".env").write_text("DATABASE_URL=mysql://nope\n")

    result = CliRunner().invoke(main, ["migrate"])

    assert result.exit_code == 2
    assert "DATABASE_URL is not valid: Rounds runs on sqlite or postgresql." in result.output
    assert "Traceback" not in result.output


def test_a_client_id_and_secret_stand_in_for_the_bot_token() -> None:
    settings = load_settings(
        SLACK_SIGNING_SECRET="secret", SLACK_CLIENT_ID="1111.2222", SLACK_CLIENT_SECRET="shh"
    )

    assert settings.installs_by_oauth
    assert "chat:write" in settings.SLACK_SCOPES


def test_a_client_id_without_its_secret_or_with_socket_mode_is_explained() -> None:
    with pytest.raises(SettingsError, match="set together"):
        load_settings(**GOOD | {"SLACK_CLIENT_ID": "1111.2222"})
    with pytest.raises(SettingsError, match="leave SLACK_APP_TOKEN empty"):
        load_settings(
            **GOOD
            | {
                "SLACK_CLIENT_ID": "1111.2222",
                "SLACK_CLIENT_SECRET": "shh",
                "SLACK_APP_TOKEN": "xapp-1-abc",
            }
        )


OAUTH = {"SLACK_CLIENT_ID": "1111.2222", "SLACK_CLIENT_SECRET": "s", "SLACK_SIGNING_SECRET": "s"}


@pytest.mark.parametrize(
    ("name", "value"), [("ORGANIZERS", "TGENERAL:U01AAA,U02BBB"), ("SHOUTOUT_CHANNEL", "C0THANKS")]
)
def test_with_several_workspaces_every_entry_must_name_its_workspace(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(_env_file=None, **OAUTH | {name: value})

    explained = str(error.value)
    assert "Rounds serves several workspaces" in explained
    assert f"workspace id and a colon before {value.split(',')[-1]}" in explained


def test_organizers_and_the_shoutout_channel_hold_in_their_own_workspace_only() -> None:
    settings = load_settings(
        _env_file=None,
        **OAUTH,
        ORGANIZERS="TGENERAL:U01AAA, TCHILDRENS:U02BBB",
        SHOUTOUT_CHANNEL="TGENERAL:C0GEN,TCHILDRENS:C0KIDS",
    )

    assert settings.organizers_in("TGENERAL") == {"U01AAA"}
    assert settings.organizers_in("TCHILDRENS") == {"U02BBB"}
    assert settings.organizers_in("TOTHER") == frozenset()
    assert settings.shoutout_channel_in("TCHILDRENS") == "C0KIDS"
    assert settings.shoutout_channel_in("TOTHER") is None


def test_one_workspace_keeps_plain_ids_and_two_channels_for_a_workspace_are_refused() -> None:
    settings = load_settings(**GOOD | {"ORGANIZERS": "U01AAA", "SHOUTOUT_CHANNEL": "C0THANKS"})
    assert settings.organizers_in("T0ANY") == {"U01AAA"}
    assert settings.shoutout_channel_in("T0ANY") == "C0THANKS"

    with pytest.raises(SettingsError, match="more than one channel for a workspace"):
        load_settings(**GOOD | {"SHOUTOUT_CHANNEL": "TGENERAL:C0A,TGENERAL:C0B"})

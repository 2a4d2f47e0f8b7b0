"""Operators' commands: the HTTP-mode manifest from one public URL, and an online backup."""

import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator

from bot.identity import PersonRef
from bot.settings import Settings
from handlers.cli import main
from storage.db import Database
from storage.migrate import upgrade
from storage.people import PersonRepository
from tests.test_manifest import SCHEMA

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_the_manifest_for_http_mode_has_every_request_url_filled_in() -> None:
    result = CliRunner().invoke(main, ["manifest", "--public-url", "https://rounds.example.org/"])

    assert result.exit_code == 0, result.output
    manifest = yaml.safe_load(result.output)
    events = "https://rounds.example.org/slack/events"
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["event_subscriptions"]["request_url"] == events
    assert manifest["settings"]["interactivity"]["request_url"] == events
    commands = manifest["features"]["slash_commands"]
    assert {c["command"] for c in commands} == {"/mentor", "/coffee", "/speedmentor"}
    assert all(c["url"] == events for c in commands)
    original = yaml.safe_load((ROOT / "manifest.yml").read_text())
    assert manifest["oauth_config"]["scopes"] == original["oauth_config"]["scopes"]
    if SCHEMA.exists():
        schema = __import__("json").loads(SCHEMA.read_text())
        assert list(Draft7Validator(schema).iter_errors(manifest)) == []


def test_the_manifest_reads_public_url_from_dotenv(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PUBLIC_URL=https://mentoring.hospital.example\n")

    result = CliRunner().invoke(main, ["manifest"])

    assert "https://mentoring.hospital.example/slack/events" in result.output


def test_the_manifest_without_a_public_url_says_what_to_give() -> None:
    result = CliRunner().invoke(main, ["manifest"])

    assert result.exit_code == 2
    assert "--public-url" in result.output and "Traceback" not in result.output


def test_a_malformed_public_url_is_explained() -> None:
    result = CliRunner().invoke(main, ["manifest", "--public-url", "rounds.example.org"])

    assert result.exit_code == 2
    assert "PUBLIC_URL is not valid" in result.output


def test_backup_copies_commits_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    live = tmp_path / "rounds.db"
    database = Database(f"sqlite:///{live}")
    upgrade(database)
    # Rounds is running: while a connection stays open, the newest commits stay in the
    # write-ahead log, rounds.db-wal, rather than in rounds.db itself.
    running = sqlite3.connect(live)
    running.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the tables are in rounds.db itself
    running.execute("SELECT count(*) FROM person").fetchone()
    with database.write() as session:
        PersonRepository(session).get_or_create(PersonRef.slack("T1", "U0ANA"))
    assert (tmp_path / "rounds.db-wal").stat().st_size > 0
    shutil.copy(live, tmp_path / "file-copy.db")

    result = CliRunner().invoke(
        main, ["backup", str(tmp_path / "backup.db"), "--database-url", f"sqlite:///{live}"]
    )
    running.close()
    database.dispose()

    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    backup = sqlite3.connect(tmp_path / "backup.db")
    assert backup.execute("SELECT user_id FROM person").fetchall() == [("U0ANA",)]
    assert backup.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    backup.close()
    copied = sqlite3.connect(tmp_path / "file-copy.db")
    assert copied.execute("SELECT count(*) FROM person").fetchone() == (0,)
    copied.close()


def test_backup_never_overwrites_and_points_postgresql_to_pg_dump(tmp_path: Path) -> None:
    (tmp_path / "taken.db").write_text("")
    (tmp_path / "rounds.db").write_text("")
    runner = CliRunner()

    taken = runner.invoke(main, ["backup", str(tmp_path / "taken.db")])
    postgres = runner.invoke(
        main, ["backup", "x.db", "--database-url", "postgresql+psycopg://u@h/rounds"]
    )

    assert taken.exit_code == 2 and "exists already" in taken.output
    assert postgres.exit_code == 2 and "pg_dump" in postgres.output

"""Without an optional extra Rounds says which one to install, never a raw ModuleNotFoundError."""

import logging
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.matching.embeddings import make_scorer
from bot.matching.scoring import DefaultScorer
from bot.settings import Settings
from handlers.cli import main

TEAMS = {
    "PLATFORM": "teams",
    "TEAMS_APP_ID": "00000000-0000-0000-0000-000000000001",
    "TEAMS_APP_PASSWORD": "secret",
    "TEAMS_TENANT_ID": "00000000-0000-0000-0000-000000000002",
}


def uninstall(monkeypatch: pytest.MonkeyPatch, package: str, *importers: str) -> None:
    """Make ``package`` unimportable, and the modules that import it import afresh."""
    for name in list(sys.modules):
        if name == package or name.startswith(package + "."):
            monkeypatch.setitem(sys.modules, name, None)
        elif any(name == importer or name.startswith(importer + ".") for importer in importers):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, package, None)


@pytest.fixture(autouse=True)
def no_ambient_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_serving_teams_without_its_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    uninstall(monkeypatch, "microsoft_agents", "handlers.teams")
    for name, value in TEAMS.items():
        monkeypatch.setenv(name, value)

    result = CliRunner().invoke(main, ["serve"])

    assert result.exit_code == 2
    assert "uv sync --extra teams" in result.output
    assert "pip install 'rounds[teams]'" in result.output
    assert "Traceback" not in result.output and "ModuleNotFoundError" not in result.output


def test_the_teams_package_needs_no_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    uninstall(monkeypatch, "microsoft_agents", "handlers.teams")

    result = CliRunner().invoke(
        main, ["teams-package", "--app-id", TEAMS["TEAMS_APP_ID"], "--out", str(tmp_path / "t.zip")]
    )

    assert result.exit_code == 0, result.output


def test_embeddings_without_their_extra_fall_back_and_say_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    uninstall(monkeypatch, "openai")

    with caplog.at_level(logging.WARNING):
        scorer = make_scorer("sk-test-key-not-real-000", None)

    assert type(scorer) is DefaultScorer
    assert "uv sync --extra embeddings" in caplog.text
    assert "sk-test" not in caplog.text

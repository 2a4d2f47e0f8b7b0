"""Heavy libraries load only where they are used, so start-up and --help stay fast."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("matplotlib", "ortools", "alembic")
ROOT = Path(__file__).resolve().parents[1]
REPORT = """
import sys
print("loaded:" + ",".join(sorted(name for name in {heavy!r} if name in sys.modules)))
"""
CLI_HELP = """
import contextlib, io
from handlers.cli import main
for arguments in (["--help"], ["match", "--help"], ["plan-event", "--help"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(arguments)
"""
SLACK_APP = """
from bot.settings import load_settings
from devtools.slack.fake_api import FakeSlack
import handlers.serve
from handlers.slack.app import build_app
fake = FakeSlack().start()
settings = load_settings(
    _env_file=None,
    SLACK_BOT_TOKEN="xoxb-import-weight",
    SLACK_SIGNING_SECRET="secret",
    SLACK_APP_TOKEN=None,
    SLACK_API_URL=fake.api_url,
    DATABASE_URL="sqlite:///{database}",
)
build_app(settings)
"""
TEAMS_APP = """
from bot.settings import load_settings
import handlers.teams.serve
from handlers.teams.app import build_teams_app
settings = load_settings(
    _env_file=None,
    PLATFORM="teams",
    TEAMS_APP_ID="00000000-0000-0000-0000-00000000a001",
    TEAMS_APP_PASSWORD="a-client-secret",
    TEAMS_TENANT_ID="00000000-0000-0000-0000-00000000e001",
    DATABASE_URL="sqlite:///{database}",
)
build_teams_app(settings)
"""


def heavy_modules_after(code: str, tmp_path: Path) -> list[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_"))}
    environment.pop("DATABASE_URL", None)
    finished = subprocess.run(
        [sys.executable, "-c", code + REPORT.format(heavy=HEAVY)],
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    loaded = finished.stdout.strip().splitlines()[-1].removeprefix("loaded:")
    return [name for name in loaded.split(",") if name]


def test_the_cli_and_its_help_load_no_heavy_library(tmp_path: Path) -> None:
    assert heavy_modules_after(CLI_HELP, tmp_path) == []


def test_building_the_slack_app_rounds_serve_runs_loads_no_heavy_library(tmp_path: Path) -> None:
    code = SLACK_APP.format(database=tmp_path / "rounds.db")
    assert heavy_modules_after(code, tmp_path) == []


def test_building_the_teams_app_loads_no_heavy_library(tmp_path: Path) -> None:
    pytest.importorskip("microsoft_agents.hosting.aiohttp")
    code = TEAMS_APP.format(database=tmp_path / "rounds.db")
    assert heavy_modules_after(code, tmp_path) == []

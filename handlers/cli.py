"""The `rounds` command."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.settings import Settings

# Commands living in their own modules, imported only when run, so `rounds plan-event` starts
# without loading Slack or the database layer. `rounds --help` lists them by the short help
# kept here (a test checks it matches each command's own), so listing imports none of them.
LAZY_COMMANDS = {
    "match": (
        "handlers.cli_match:match",
        "Match every mentee in a roster to a mentor, without overloading anyone.",
    ),
    "import-roster": (
        "handlers.cli_roster:import_roster",
        "Add or update mentors and mentees from a CSV roster, finding each in Slack by email.",
    ),
    "plan-event": (
        "handlers.cli_plan_event:plan_event",
        "Plan table rotations and write the schedule as CSV (and a printable HTML page).",
    ),
    "manifest": (
        "handlers.cli_ops:manifest",
        "Print the Slack app manifest with every request URL filled in, for HTTP mode.",
    ),
    "backup": (
        "handlers.cli_ops:backup",
        "Copy the SQLite database to PATH while Rounds runs (SQLite's online backup).",
    ),
    "report": (
        "handlers.cli_report:report",
        "Write the program report, charts included, as one HTML file (and its rows as CSV).",
    ),
}


class LazyGroup(click.Group):
    """A command group that imports a sub-command's module only when it is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in LAZY_COMMANDS:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = LAZY_COMMANDS[cmd_name][0].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            if name in LAZY_COMMANDS:
                rows.append((name, LAZY_COMMANDS[name][1]))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def settings_or_exit(**overrides: object) -> Settings:
    from bot.settings import SettingsError, load_settings

    try:
        return load_settings(**overrides)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


def database_url_or_exit(override: str | None) -> str:
    from bot.settings import SettingsError, load_database_url

    try:
        return load_database_url(override)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


@click.group(cls=LazyGroup)
@click.version_option(package_name="rounds", message="%(prog)s %(version)s")
def main() -> None:
    """Rounds: micro-mentoring for medicine, in Slack."""


@main.command()
@click.option(
    "--platform",
    type=click.Choice(["slack", "teams"]),
    default=None,
    help="Defaults to PLATFORM (slack).",
)
def serve(platform: str | None) -> None:
    """Run Rounds. Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT.
    Teams: HTTP on PORT at /api/messages."""
    settings = settings_or_exit(**({"PLATFORM": platform} if platform else {}))
    if settings.PLATFORM == "teams":
        from bot.extras import install_hint, missing_extra

        try:
            from handlers.teams.serve import serve as run_teams
        except ImportError as error:
            if missing_extra(error) != "teams":
                raise
            click.echo(
                f"Rounds cannot serve Teams without its SDK: {install_hint('teams')}.", err=True
            )
            sys.exit(2)
        run_teams(settings)
        return
    from handlers.serve import serve as run

    run(settings)


@main.command("teams-package")
@click.option("--app-id", envvar="TEAMS_APP_ID", required=True, help="Defaults to TEAMS_APP_ID.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default="rounds-teams.zip",
    show_default=True,
)
def teams_package(app_id: str, out: str) -> None:
    """Build the Teams app package (manifest and icons) to sideload or upload to Teams."""
    from pathlib import Path

    from handlers.teams.package import build_package

    try:
        path = build_package(app_id, Path(out))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--app-id") from None
    click.echo(f"Wrote {path}: upload it in Teams > Apps > Manage your apps > Upload an app.")


@main.command()
@click.option(
    "--database-url", default=None, help="Defaults to DATABASE_URL, from the environment or .env."
)
def migrate(database_url: str | None) -> None:
    """Bring the database schema up to date (`rounds serve` does this too)."""
    from storage.db import Database
    from storage.migrate import current_revisions, upgrade

    database = Database(database_url_or_exit(database_url))
    upgrade(database)
    click.echo(f"Database is at revision {', '.join(sorted(current_revisions(database)))}.")


@main.command()
@click.option("--fast/--pauses", default=True, help="Play without pauses between steps.")
def demo(fast: bool) -> None:
    """Play Rounds end to end against a local fake Slack: no Slack account needed."""
    from devtools.demo import run_demo

    run_demo(click.echo, pause=0.0 if fast else 0.6)

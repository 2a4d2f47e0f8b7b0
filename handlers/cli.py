"""The `rounds` command."""

import sys

import click

from bot.settings import Settings, SettingsError, load_database_url, load_settings
from handlers.cli_match import match
from handlers.cli_plan_event import plan_event
from handlers.cli_report import report
from handlers.cli_roster import import_roster


def settings_or_exit(**overrides: object) -> Settings:
    try:
        return load_settings(**overrides)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


def database_url_or_exit(override: str | None) -> str:
    try:
        return load_database_url(override)
    except SettingsError as error:
        click.echo(str(error), err=True)
        sys.exit(2)


@click.group()
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
        from handlers.teams.serve import serve as run_teams

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


main.add_command(match)
main.add_command(import_roster)
main.add_command(plan_event)
main.add_command(report)

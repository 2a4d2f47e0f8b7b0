import sys
from pathlib import Path

import click

from bot.roster import RosterImport, read_roster
from handlers.slack.directory import LOOKUPS_PER_MINUTE, SlackDirectory
from handlers.slack.workspaces import (
    InstalledWorkspaces,
    NotInstalled,
    installation_store,
    slack_client,
)
from storage.db import Database
from storage.migrate import upgrade

COLUMNS_HELP = (
    "Columns: id (the person's email), name, role (mentor|mentee), specialty, career_stage, "
    "topics, text, capacity, chats_per_month, paused_until, department, department_preference, "
    "languages, never_pair (emails), evaluative_role (program director, associate program "
    "director, competency committee, current supervisor; covers their department's trainees), "
    "evaluates (emails of the trainees a supervisor evaluates). "
    "Re-importing the same file changes nothing."
)


@click.command("import-roster", epilog=COLUMNS_HELP)
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the valid rows and report the rest (default: all or nothing).",
)
@click.option(
    "--per-minute", default=LOOKUPS_PER_MINUTE, show_default=True, help="Slack lookups a minute."
)
@click.option(
    "--workspace",
    metavar="TEAM_ID",
    help="Where workspaces install Rounds (SLACK_CLIENT_ID): the workspace (T…) to import into.",
)
def import_roster(
    roster: Path, skip_invalid: bool, per_minute: float, workspace: str | None
) -> None:
    """Add or update mentors and mentees from a CSV roster, finding each in Slack by email."""
    from handlers.cli import settings_or_exit

    settings = settings_or_exit()
    database = Database(settings.DATABASE_URL)
    upgrade(database)
    if settings.installs_by_oauth:
        if not workspace:
            raise click.UsageError("name the workspace to import into with --workspace T…")
        installed = InstalledWorkspaces(
            installation_store(settings, database.engine), settings.SLACK_API_URL
        )
        try:
            client = installed.client_for(workspace)
        except NotInstalled:
            raise click.UsageError(f"Rounds is not installed in workspace {workspace}") from None
    else:
        client = slack_client(settings.SLACK_BOT_TOKEN, settings.SLACK_API_URL)
    workspace_id = str(client.auth_test()["team_id"])
    with roster.open(newline="", encoding="utf-8-sig") as file:
        entries, bad_rows = read_roster(file)
    directory = SlackDirectory(client, per_minute)
    with click.progressbar(length=len(entries), label="Finding people in Slack") as bar:
        report = RosterImport(database, "slack", workspace_id).run(
            entries, bad_rows, directory, skip_invalid=skip_invalid, progress=bar.update
        )
    for row in report.bad_rows:
        click.echo(f"  line {row.line}: {row.reason}", err=True)
    if not report.written:
        click.echo(
            f"Nothing was imported: {len(report.bad_rows)} row(s) need fixing. "
            "Fix them and run again, or use --skip-invalid to import the rest.",
            err=True,
        )
        sys.exit(1)
    click.echo(
        f"Imported: {report.created} new, {report.updated} updated, {report.unchanged} unchanged"
        + (f", {len(report.bad_rows)} skipped." if report.bad_rows else ".")
    )

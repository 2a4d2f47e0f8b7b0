"""Operators' commands: the manifest for HTTP mode, and an online SQLite backup."""

import sys
from pathlib import Path

import click
from pydantic import ValidationError


@click.command("manifest")
@click.option(
    "--public-url",
    default=None,
    help="Where Slack reaches Rounds, such as https://rounds.example.org. Defaults to PUBLIC_URL.",
)
def manifest(public_url: str | None) -> None:
    """Print the Slack app manifest with every request URL filled in, for HTTP mode."""
    from bot.settings import Settings, describe_settings_error
    from handlers.slack.manifest import manifest_template, render, with_public_url

    try:
        settings = Settings(**({"PUBLIC_URL": public_url} if public_url else {}))  # type: ignore[arg-type]
    except ValidationError as error:
        click.echo(describe_settings_error(error), err=True)
        sys.exit(2)
    if settings.PUBLIC_URL is None:
        click.echo("Give --public-url https://your-host or set PUBLIC_URL.", err=True)
        sys.exit(2)
    click.echo(render(with_public_url(manifest_template(), settings.PUBLIC_URL)), nl=False)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--database-url", default=None, help="Defaults to DATABASE_URL, from the environment or .env."
)
def backup(path: Path, database_url: str | None) -> None:
    """Copy the SQLite database to PATH while Rounds runs (SQLite's online backup)."""
    from handlers.cli import database_url_or_exit
    from storage.backup import BackupRefused, backup_sqlite

    try:
        pages = backup_sqlite(database_url_or_exit(database_url), path)
    except BackupRefused as error:
        click.echo(str(error), err=True)
        sys.exit(2)
    click.echo(f"Backed up {pages} pages to {path}.")

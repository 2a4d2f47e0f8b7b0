"""`rounds report`: the program report as one self-contained HTML file."""

from datetime import date, datetime
from pathlib import Path

import click

from bot.bootstrap import register_program_sections
from bot.clock import SystemClock
from bot.reports import build_report, report_charts, report_csv, report_html
from bot.reports.periods import parse_period


@click.command("report")
@click.option("--since", required=True, type=click.DateTime(["%Y-%m-%d"]), help="First day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day (default: today).")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--database-url", default=None, help="Defaults to DATABASE_URL, from the environment or .env."
)
def report(
    since: datetime,
    until: datetime | None,
    out_path: Path,
    csv_path: Path | None,
    database_url: str | None,
) -> None:
    """Write the program report, charts included, as one HTML file (and its rows as CSV)."""
    from handlers.cli import database_url_or_exit
    from storage.db import Database

    days = [_day(since)] + ([_day(until)] if until else [])
    try:
        start, end = parse_period(" ".join(d.isoformat() for d in days), SystemClock().now())
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="--since/--until") from None
    database = Database(database_url_or_exit(database_url))
    try:
        register_program_sections()
        program = build_report(database, start, end)
    finally:
        database.dispose()
    out_path.write_text(report_html(program, report_charts(program)), encoding="utf-8")
    click.echo(f"Wrote {out_path}")
    if csv_path is not None:
        csv_path.write_text(report_csv(program), encoding="utf-8")
        click.echo(f"Wrote {csv_path}")


def _day(moment: datetime) -> date:
    return moment.date()

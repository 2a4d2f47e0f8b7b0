"""Offline planning of a speed-mentoring event from two CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from bot.events.csv_io import RowProblem


@click.command("plan-event")
@click.option(
    "--experts",
    "experts_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: expert_id,name,topic,table[,absent_rounds]",
)
@click.option(
    "--mentees",
    "mentees_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV: mentee_id,name[,ranked_topics] (topics best first, separated by ';')",
)
@click.option("--rounds", required=True, type=click.IntRange(min=1))
@click.option("--table-min", default=2, show_default=True, type=click.IntRange(min=1))
@click.option("--table-max", default=8, show_default=True, type=click.IntRange(min=1))
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--search-seconds",
    default=1.0,
    show_default=True,
    envvar="ROTATION_SEARCH_SECONDS",
    type=click.FloatRange(min=0, max=60),
    help="CPU seconds for the whole-schedule search (env ROTATION_SEARCH_SECONDS)",
)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", "event_name", default="Speed mentoring", show_default=True)
def plan_event(
    experts_path: Path,
    mentees_path: Path,
    rounds: int,
    table_min: int,
    table_max: int,
    seed: int,
    search_seconds: float,
    out_path: Path,
    html_path: Path | None,
    event_name: str,
) -> None:
    """Plan table rotations and write the schedule as CSV (and a printable HTML page)."""
    # the planner (numpy, OR-Tools) loads only when a plan is made, so --help stays quick
    from bot.events import EventSpec
    from bot.events import plan_event as build_plan
    from bot.events.csv_io import parse_experts, parse_mentees
    from bot.events.export import plan_lines, plan_to_csv, plan_to_html

    if table_min > table_max:
        raise click.BadParameter("must not exceed --table-max", param_hint="--table-min")
    experts = parse_experts(experts_path.read_text(encoding="utf-8"))
    mentees = parse_mentees(mentees_path.read_text(encoding="utf-8"))
    _report_problems(experts_path, experts.problems)
    _report_problems(mentees_path, mentees.problems)
    if experts.problems or mentees.problems:
        raise click.ClickException("fix the rows above and run again; nothing was written")
    spec = EventSpec(rounds=rounds, table_min=table_min, table_max=table_max)
    try:
        plan = build_plan(
            experts.items, mentees.items, spec, seed=seed, search_seconds=search_seconds
        )
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    out_path.write_text(plan_to_csv(plan), encoding="utf-8")
    if html_path is not None:
        html_path.write_text(plan_to_html(plan, event_name), encoding="utf-8")
    for line in plan_lines(plan):
        click.echo(line)
    for entry in plan.waitlist:
        click.echo(f"waitlisted {entry.mentee_id}: {entry.reason}")
    click.echo(f"schedule written to {out_path}" + (f" and {html_path}" if html_path else ""))


def _report_problems(path: Path, problems: tuple[RowProblem, ...]) -> None:
    for problem in problems:
        click.echo(f"{path.name}: {problem}", err=True)

"""`rounds match`: match a whole cohort offline from a roster CSV."""

from __future__ import annotations

import csv
import os
from datetime import date, datetime
from pathlib import Path

import click

from bot.matching.assign_defaults import DEFAULT_CANDIDATES_PER_MENTEE
from handlers.heap import cycle_collection_paused, skip_final_collections

OUTPUT_COLUMNS = ("mentee_id", "mentee_name", "mentor_id", "mentor_name", "score", "reasons")


@click.command("match")
@click.option(
    "--people",
    "people_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Roster CSV: id, name, role (mentor|mentee), specialty, career_stage, topics, text, "
    "capacity, active_mentees, chats_per_month, paused_until, department, "
    "department_preference, languages, never_pair.",
)
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write the matches CSV (unmatched mentees get an empty mentor).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date for pauses (default: today).",
)
@click.option(
    "--candidates",
    default=DEFAULT_CANDIDATES_PER_MENTEE,
    show_default=True,
    help="Partners per person in the first, pruned solve: changes the time, not the result.",
)
@click.option("--strict", is_flag=True, help="Refuse to match if any row is bad.")
def match(
    people_path: Path, out_path: Path, today: datetime | None, candidates: int, strict: bool
) -> None:
    """Match every mentee in a roster to a mentor, without overloading anyone."""
    skip_final_collections()
    with cycle_collection_paused():
        _match(people_path, out_path, today, candidates, strict)


def _match(
    people_path: Path, out_path: Path, today: datetime | None, candidates: int, strict: bool
) -> None:
    if not os.environ.get("OPENAI_API_KEY"):
        # The default scorer multiplies no matrices: the BLAS thread pool numpy starts on
        # import would only cost a twentieth of a second of CPU.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # numpy, rapidfuzz and OR-Tools load here, not at import: `rounds match --help` stays fast.
    from bot.matching.assign import assign_cohort
    from bot.matching.embeddings import make_scorer
    from bot.matching.people_csv import read_people

    with people_path.open(newline="", encoding="utf-8-sig") as file:
        people = read_people(file)
    for bad in people.bad_rows:
        click.echo(f"{people_path}: {bad}", err=True)
    if people.bad_rows and strict:
        raise click.ClickException(f"{len(people.bad_rows)} bad row(s); nothing matched")
    scorer = make_scorer(os.environ.get("OPENAI_API_KEY"), os.environ.get("OPENAI_BASE_URL"))
    plan = assign_cohort(
        people.needs,
        people.mentors,
        scorer,
        today.date() if today else date.today(),
        candidates_per_mentee=candidates,
    )
    with out_path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(OUTPUT_COLUMNS)
        for pair in plan.pairs:
            writer.writerow(
                [
                    pair.mentee_id,
                    people.names[pair.mentee_id],
                    pair.mentor_id,
                    people.names[pair.mentor_id],
                    f"{pair.score:.3f}",
                    "; ".join(pair.reasons),
                ]
            )
        for mentee_id in plan.unmatched:
            writer.writerow([mentee_id, people.names[mentee_id], "", "", "", "unmatched"])
    figures = plan.figures
    click.echo(
        f"{len(people.needs)} mentees, {len(people.mentors)} mentors"
        f"{f', {len(people.bad_rows)} bad rows skipped' if people.bad_rows else ''}\n"
        f"matched {figures.matched}, unmatched {figures.unmatched}\n"
        f"fit mean {figures.mean_fit:.3f}, 10th percentile {figures.p10_fit:.3f}, "
        f"min {figures.min_fit:.3f}\n"
        f"new mentees per open mentor: min {figures.load_min}, max {figures.load_max}, "
        f"spread {figures.load_spread}\n"
        f"hard-rule violations {figures.hard_rule_violations}\n"
        f"wrote {out_path}"
    )

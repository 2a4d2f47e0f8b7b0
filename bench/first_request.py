"""How long the first mentee waits for suggestions after `rounds serve` starts.

    uv run python bench/first_request.py [--people 2000] [--runs 3] [--tree PATH]

Each run is a fresh process: the real app on a SQLite file with --people people (one in
three a mentor, seeded as bench/acks.py seeds them, each mentor then describing in their own
words what they help with, as bench/cohort.py writes it), started the way `rounds serve` is,
with the start-up warm-up (`Services.warm_up`) or without it (as before it existed). Then one
mentee sends a request and a second mentee another; timed is the work after Slack's ack
until the suggestions are posted (`MentorRequests.start`: ranking every mentor, recording the
request, the message). Printed: wall and CPU seconds of the warm-up and of both requests, best
of --runs. --tree runs another checkout's code, to compare before and after a change (a tree
without `Services.warm_up` is timed cold only).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from devtools.slack.harness import LocalRounds

FIRST_GOAL = "PGY-1 interested in peds cards, want help with fellowship applications"
SECOND_GOAL = "research project in emergency medicine and avoiding burnout"


def _timed(work: object) -> tuple[float, float]:
    assert callable(work)
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def one_run(people: int, warm: bool) -> dict[str, tuple[float, float]]:
    """In this fresh process: start the app, optionally warm it, time two requests."""
    from bench.acks import seed, user_id
    from bot.identity import PersonRef
    from bot.mentoring.model import RequestInput
    from devtools.slack.fake_api import FAKE_TEAM
    from devtools.slack.harness import LocalRounds
    from handlers.heap import freeze_startup_objects

    figures: dict[str, tuple[float, float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="rounds-bench-") as folder,
        LocalRounds(f"sqlite:///{Path(folder) / 'first.db'}") as rounds,
    ):
        seed(rounds, people)
        describe_mentors(rounds)
        for number in range(people):
            rounds.add_user(user_id(number), f"Person {number}")
        services = rounds.services
        if warm:
            figures["warm-up at start-up"] = _timed(services.warm_up)
        freeze_startup_objects()
        for label, number, goal in (
            ("first request", 1, FIRST_GOAL),
            ("second request", 4, SECOND_GOAL),
        ):
            mentee = PersonRef.slack(FAKE_TEAM, user_id(number))
            figures[label] = _timed(
                lambda m=mentee, g=goal: services.requests.start(m, RequestInput(goal=g))
            )
        rounds.settle(timeout=60)
    return figures


def describe_mentors(rounds: LocalRounds) -> None:
    """Give every mentor a profile text of their own, free text as faculty write it."""
    from sqlalchemy import bindparam, update
    from sqlmodel import col, select

    from bench.cohort_roster import roster_rows
    from storage.models import Person, Profile

    with rounds.services.database.write() as session:
        mentors = session.exec(
            select(Person.id).where(col(Person.is_mentor).is_(True)).order_by(col(Person.id))
        ).all()
        texts = [row["text"] for row in roster_rows(0, len(mentors), seed=7)]
        session.connection().execute(
            update(Profile).where(col(Profile.person_id) == bindparam("mentor")),
            [{"mentor": m, "about": t} for m, t in zip(mentors, texts, strict=True)],
        )


def best_of(people: int, warm: bool, runs: int, tree: Path) -> dict[str, tuple[float, float]]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPATH"] = str(tree)
    best: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="rounds-pycache-") as pycache:
        environment["PYTHONPYCACHEPREFIX"] = pycache
        command = [sys.executable, str(Path(__file__).resolve()), "--one-run", str(people)]
        for _ in range(runs):
            finished = subprocess.run(
                [*command, *(["--warm"] if warm else [])],
                capture_output=True,
                text=True,
                check=True,
                env=environment,
                cwd=tree,
            )
            figures = json.loads(finished.stdout.strip().splitlines()[-1])
            for label, (wall, cpu) in figures.items():
                old = best.get(label, (wall, cpu))
                best[label] = (min(old[0], wall), min(old[1], cpu))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--one-run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run is not None:
        print(json.dumps(one_run(args.one_run, args.warm)))
        return
    can_warm = "def warm_up" in (args.tree / "bot" / "bootstrap.py").read_text()
    print(f"{args.people} people (a third mentors), code {args.tree}, best of {args.runs}:")
    for warm in (False, True) if can_warm else (False,):
        label = "warmed at start-up" if warm else "cold (no warm-up)"
        print(f"  {label}:")
        for name, (wall, cpu) in best_of(args.people, warm, args.runs, args.tree).items():
            print(f"    {name:<22} {wall:6.3f} s wall  {cpu:6.3f} s CPU")


if __name__ == "__main__":
    main()

"""Benchmark of cohort assignment at 5,000 mentees x 1,000 mentors, from a roster CSV.

    uv run python bench/cohort.py [--seed 7] [--mentees 5000] [--mentors 1000] [--no-full]
    uv run python bench/cohort.py --generated   # bench/matching.py's instance, solve only

Writes a roster as organizers would (free text in residents' and faculty's own words, no
vocabulary aliases), then prints:
- `rounds match` end to end in a fresh process (start-up, CSV and text reading, scoring,
  assignment, reasons, writing the CSV), wall and CPU time;
- the same steps timed one by one in this process;
- the pruned-by-bound solve against a solve over every allowed pair (unpruned), and against
  the old fixed 12-per-mentee graph: matched count, worst fit, objective.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bot.matching.assign import assign_cohort
from bot.matching.assign_bound import (
    BoundedSolve,
    _best_per_row,
    exact_solve,
    fit_matrix,
    graph_of,
    open_slots,
)
from bot.matching.assign_defaults import DEFAULT_CANDIDATES_PER_MENTEE, DEFAULT_LOAD_PENALTY
from bot.matching.assign_flow import Solution, solve
from bot.matching.circumstances import Matrix
from bot.matching.people_csv import read_people
from bot.matching.scoring import DefaultScorer, score_pairs

IntArray = NDArray[np.int64]
TODAY = "2026-09-01"
COLUMNS = [
    "id",
    "name",
    "role",
    "specialty",
    "career_stage",
    "topics",
    "text",
    "capacity",
    "active_mentees",
    "chats_per_month",
    "paused_until",
    "department",
    "department_preference",
    "languages",
    "never_pair",
]
# Fields and asks the way people write them, chosen by hand for the bench, not read from
# the vocabulary, so the reader is measured on text it was not built from.
FIELDS = [
    "Pediatrics",
    "peds cardiology",
    "Cardiology",
    "internal medicine",
    "IM",
    "General Surgery",
    "Emergency Medicine",
    "EM",
    "Psychiatry",
    "child psych",
    "Radiology",
    "Neurology",
    "OB/GYN",
    "Anesthesiology",
    "Dermatology",
    "Orthopedic surgery",
    "ortho",
    "Family Medicine",
    "heme/onc",
    "GI",
    "Nephrology",
    "pulm crit",
    "Infectious Disease",
    "Endocrinology",
    "Neonatology",
    "NICU",
    "Urology",
    "Ophthalmology",
    "ENT",
    "Pathology",
    "Geriatrics",
    "palliative care",
    "Rheumatology",
    "Neurosurgery",
    "plastic surgery",
]
ASKS = [
    "fellowship applications",
    "applying to fellowship",
    "residency apps",
    "research",
    "getting a paper published",
    "QI project",
    "patient safety",
    "teaching",
    "med ed",
    "leadership",
    "burnout",
    "wellness",
    "work-life balance as a parent",
    "boards prep",
    "procedures",
    "global health",
    "contract negotiation",
    "job search",
    "DEI",
    "career planning",
    "networking",
    "public speaking",
    "women in medicine",
    "physician scientist track",
    "IMG pathway",
    "academic vs private practice",
]
GOALS = [
    "{stage} in {field} - want help with {ask} and {ask2}",
    "looking for a mentor for {ask}, thinking about {field}",
    "{field} resident, need advice on {ask}; also {ask2}",
    "help with {ask} please!! interested in {field}",
    "{ask} + {ask2} ({field})",
    "not sure about {field} yet. mostly {ask}",
]
OFFERS = [
    "Happy to help with {ask}, {ask2} and anything {field}",
    "{field} attending; I mentor residents on {ask} and {ask2}",
    "Ask me about {ask}. Been in {field} for 10 years.",
    "I run our {ask} program and enjoy talking {ask2}",
]
MENTEE_STAGES = ["MS3", "MS4", "PGY-1", "PGY-2", "PGY-3", "R2", "intern", "fellow"]
MENTOR_STAGES = ["early attending", "attending", "faculty", "professor"]
DEPARTMENTS = ["Pediatrics", "Medicine", "Surgery", "Emergency", "Psychiatry", "Radiology"]


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    k = rng.randrange(len(words))
    word = words[k]
    if len(word) >= 7 and rng.random() < 0.2:
        cut = rng.randrange(1, len(word) - 2)
        words[k] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    return " ".join(words)


def roster_rows(mentee_count: int, mentor_count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for j in range(mentor_count):
        field = rng.choice(FIELDS)
        ask, ask2 = rng.sample(ASKS, 2)
        text = rng.choice(OFFERS).format(field=field, ask=ask, ask2=ask2)
        rows.append(
            {
                "id": f"mentor{j}@example.org",
                "name": f"Mentor {j}",
                "role": "mentor",
                "specialty": field,
                "career_stage": rng.choice(MENTOR_STAGES),
                "topics": "; ".join(rng.sample(ASKS, rng.randint(0, 2))),
                "text": _typo(text, rng),
                "capacity": str(rng.randint(1, 6)),
                "active_mentees": "0",
                "chats_per_month": str(rng.randint(1, 4)),
                "paused_until": "2026-12-01" if rng.random() < 0.03 else "",
                "department": rng.choice(DEPARTMENTS),
                "languages": "en; es" if rng.random() < 0.2 else "en",
            }
        )
    for i in range(mentee_count):
        field = rng.choice(FIELDS)
        ask, ask2 = rng.sample(ASKS, 2)
        stage = rng.choice(MENTEE_STAGES)
        text = rng.choice(GOALS).format(stage=stage, field=field, ask=ask, ask2=ask2)
        rows.append(
            {
                "id": f"mentee{i}@example.org",
                "name": f"Mentee {i}",
                "role": "mentee",
                "career_stage": stage,
                "text": _typo(text, rng),
                "department": rng.choice(DEPARTMENTS),
                "department_preference": rng.choice(["prefer", "avoid", "none"]),
                "languages": "es" if rng.random() < 0.05 else "en",
                "never_pair": f"mentor{rng.randrange(mentor_count)}@example.org",
            }
        )
    return rows


def write_roster(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def time_rounds_match(roster: Path, out: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of `rounds match` in a fresh interpreter, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            "from handlers.cli import main; main()",
            "match",
            "--people",
            str(roster),
            "--out",
            str(out),
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, finished.stdout


class Stopwatch:
    def __init__(self) -> None:
        self.laps: list[tuple[str, float, float]] = []
        self._wall, self._cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> float:
        wall, cpu = time.perf_counter(), time.process_time()
        self.laps.append((name, wall - self._wall, cpu - self._cpu))
        self._wall, self._cpu = wall, cpu
        return self.laps[-1][2]

    def report(self) -> None:
        for name, wall, cpu in self.laps:
            print(f"  {name:<40} {wall:7.3f} {cpu:7.3f}")


def describe(name: str, solution: Solution, seconds: float, edges: int) -> str:
    worst = (solution.min_fit_units or 0) / 1e6
    return (
        f"{name:<28} matched {solution.matched}, worst fit {worst:.6f}, "
        f"objective {solution.total_units}, {edges} edges, {seconds:.3f} s CPU"
    )


def roster_run(
    mentees: int, mentors: int, seed: int
) -> tuple[Matrix, IntArray, BoundedSolve, float]:
    """`rounds match` in a fresh process, then its steps one by one in this one."""
    today = date.fromisoformat(TODAY)
    with tempfile.TemporaryDirectory(prefix="rounds-bench-") as folder:
        roster, out = Path(folder) / "roster.csv", Path(folder) / "matches.csv"
        write_roster(roster, roster_rows(mentees, mentors, seed))
        wall, cpu, printed = time_rounds_match(roster, out)
        print(f"instance: roster CSV, {mentees} mentees, {mentors} mentors, seed {seed}")
        print(f"rounds match end to end  {wall:7.3f} s wall, {cpu:.3f} s CPU (fresh process)")
        print("  " + printed.strip().replace("\n", "\n  "))

        clock = Stopwatch()
        with roster.open(newline="", encoding="utf-8") as file:
            people = read_people(file)
        clock.lap(f"read roster CSV + text ({len(people.bad_rows)} bad rows)")
        scorer = DefaultScorer()
        clock.lap("default scorer set-up")
        fits = fit_matrix(people.needs, people.mentors, scorer, today)
        slots = open_slots(people.mentors, today)
        clock.lap("fit matrix + hard rules")
        bounded = exact_solve(fits, slots, DEFAULT_CANDIDATES_PER_MENTEE, DEFAULT_LOAD_PENALTY)
        solve_seconds = clock.lap("pruned-by-bound solve")
        graph, solution = bounded.graph, bounded.solution
        score_pairs(
            scorer,
            [people.needs[i] for i in graph.mentee[solution.edges]],
            [people.mentors[j] for j in graph.mentor[solution.edges]],
        )
        clock.lap("reasons for pairs")
        assign_cohort(people.needs, people.mentors, scorer, today)
        clock.lap("assign_cohort again, all of it")
    print("in this process, libraries already imported (wall s, CPU s of all threads):")
    clock.report()
    return fits, slots, bounded, solve_seconds


def generated_run(
    mentees: int, mentors: int, seed: int
) -> tuple[Matrix, IntArray, BoundedSolve, float]:
    """bench/matching.py's instance (texts from the vocabulary's aliases), solve only."""
    from bench.matching import TODAY as MATCHING_TODAY
    from bench.matching import generate

    needs, mentor_list = generate(mentees, mentors, seed)
    print(f"instance: bench/matching.py's generator, {mentees} x {mentors}, seed {seed}")
    fits = fit_matrix(needs, mentor_list, DefaultScorer(), MATCHING_TODAY)
    slots = open_slots(mentor_list, MATCHING_TODAY)
    started = time.process_time()
    bounded = exact_solve(fits, slots, DEFAULT_CANDIDATES_PER_MENTEE, DEFAULT_LOAD_PENALTY)
    return fits, slots, bounded, time.process_time() - started


def compare(
    fits: Matrix, slots: IntArray, bounded: BoundedSolve, solve_seconds: float, full: bool
) -> None:
    graph, solution = bounded.graph, bounded.solution
    allowed = bounded.allowed_pairs
    print(
        f"bound: widths {list(bounded.widths)}, count {bounded.count_proof} "
        f"(ceiling {bounded.ceiling}), floor {(bounded.floor_units or 0) / 1e6:.6f}, "
        f"{len(graph.fit)} of {allowed} allowed pairs at or above it"
    )
    print(describe("pruned by bound", solution, solve_seconds, len(graph.fit)))
    started = time.process_time()
    fixed = graph_of(fits, slots, *_best_per_row(fits, DEFAULT_CANDIDATES_PER_MENTEE))
    fixed_solution = solve(fixed, DEFAULT_LOAD_PENALTY)
    print(
        describe(
            f"fixed {DEFAULT_CANDIDATES_PER_MENTEE} per mentee (old)",
            fixed_solution,
            time.process_time() - started,
            len(fixed.fit),
        )
    )
    if not full:
        return
    started = time.process_time()
    rows, cols = np.nonzero(np.isfinite(fits))
    every_pair = graph_of(fits, slots, rows.astype(np.int64), cols.astype(np.int64))
    full_solution = solve(every_pair, DEFAULT_LOAD_PENALTY)
    print(describe("unpruned (all pairs)", full_solution, time.process_time() - started, allowed))
    same = (
        full_solution.matched == solution.matched
        and full_solution.min_fit_units == solution.min_fit_units
        and full_solution.total_units == solution.total_units
    )
    print(f"pruned by bound equals unpruned on all three objectives: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--no-full", action="store_true", help="skip the unpruned solve")
    parser.add_argument(
        "--generated",
        action="store_true",
        help="solve bench/matching.py's generated instance instead of a roster CSV",
    )
    args = parser.parse_args()
    run = generated_run if args.generated else roster_run
    compare(*run(args.mentees, args.mentors, args.seed), full=not args.no_full)


if __name__ == "__main__":
    main()

"""Benchmark of cohort assignment at 5,000 mentees x 1,000 mentors, from a roster CSV.

    uv run python bench/cohort.py [--seed 7] [--mentees 5000] [--mentors 1000] [--no-full]
                                  [--runs 3] [--tree PATH]
    uv run python bench/cohort.py --generated   # bench/matching.py's instance, solve only

Writes a roster as organizers would (free text in residents' and faculty's own words, no
vocabulary aliases), then prints:
- `rounds match` end to end in a fresh process (start-up, CSV and text reading, scoring,
  assignment, reasons, writing the CSV), wall and CPU time, best of --runs. Python's bytecode
  cache is on for these runs (in a temporary folder, so the tree stays clean), as it is for
  anyone running `rounds` twice; the first run, which compiles it, is printed apart;
- the same steps in a fresh process, CPU time by phase, best of --runs each;
- the same steps timed one by one in this process;
- the pruned-by-bound solve against a solve over every allowed pair (unpruned), and against
  the old fixed 12-per-mentee graph: matched count, worst fit, objective.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import AbstractContextManager, nullcontext
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


def _child_environment(pycache: Path, tree: Path) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(pycache)
    environment["PYTHONPATH"] = str(tree)
    return environment


def _child_cpu(command: list[str], environment: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, all threads) of a fresh process, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        # `python -c` puts the working directory first on the path, before PYTHONPATH.
        cwd=environment["PYTHONPATH"],
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, finished.stdout


def time_rounds_match(
    roster: Path, out: Path, environment: dict[str, str]
) -> tuple[float, float, str]:
    """Wall and CPU seconds of `rounds match` in a fresh interpreter, and what it printed."""
    return _child_cpu(
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
        environment,
    )


def phases_of_match(roster: Path, out: Path) -> None:
    """`rounds match`'s steps in this fresh process; prints CPU seconds per phase as JSON.

    The first phase runs from the interpreter's start, so it holds start-up and imports.
    """
    laps: dict[str, float] = {}
    last = 0.0

    def lap(name: str) -> None:
        nonlocal last
        now = time.process_time()
        laps[name] = now - last
        last = now

    from bot.matching.assign import Pair, cohort_figures
    from bot.matching.embeddings import make_scorer
    from bot.matching.terms import load_terms
    from bot.matching.vocabulary import load_vocabulary
    from handlers.cli import main  # noqa: F401
    from handlers.cli_match import OUTPUT_COLUMNS

    lap("start-up and imports")
    load_vocabulary()
    lap("vocabulary (YAML)")
    load_terms()
    lap("medical terms (TSV)")
    with roster.open(newline="", encoding="utf-8-sig") as file:
        people = read_people(file)
    lap("read roster CSV + concepts of text")
    scorer = make_scorer(None)
    lap("scorer set-up")
    today = date.fromisoformat(TODAY)
    assert isinstance(scorer, DefaultScorer)
    views = [scorer._reader.need(need) for need in people.needs]
    population = scorer._population(people.mentors)
    lap(f"read {len(views)} goals, {population.size} mentor profiles")
    fits = fit_matrix(people.needs, people.mentors, scorer, today)
    slots = open_slots(people.mentors, today)
    lap("fit matrix + hard rules")
    bounded = exact_solve(fits, slots, DEFAULT_CANDIDATES_PER_MENTEE, DEFAULT_LOAD_PENALTY)
    lap("pruned-by-bound solve")
    graph, solution = bounded.graph, bounded.solution
    chosen_needs = [people.needs[i] for i in graph.mentee[solution.edges]]
    chosen_mentors = [people.mentors[j] for j in graph.mentor[solution.edges]]
    scores = score_pairs(scorer, chosen_needs, chosen_mentors)
    lap("reasons for pairs")
    pairs = [
        Pair(need.person_id, mentor.person_id, score.value, score.reasons)
        for need, mentor, score in zip(chosen_needs, chosen_mentors, scores, strict=True)
    ]
    matched = {pair.mentee_id for pair in pairs}
    unmatched = [need.person_id for need in people.needs if need.person_id not in matched]
    cohort_figures(pairs, unmatched, people.needs, people.mentors, today)
    lap("figures, hard rules checked again")
    with out.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(OUTPUT_COLUMNS)
        for pair in pairs:
            writer.writerow(
                [
                    pair.mentee_id,
                    "",
                    pair.mentor_id,
                    "",
                    f"{pair.score:.3f}",
                    "; ".join(pair.reasons),
                ]
            )
    lap("write matches CSV")
    print(json.dumps(laps))


def time_phases(
    roster: Path, out: Path, environment: dict[str, str], runs: int
) -> dict[str, float]:
    """CPU seconds per phase of `rounds match`, each the best of `runs` fresh processes."""
    best: dict[str, float] = {}
    command = [sys.executable, str(Path(__file__).resolve()), "--phases-of", str(roster), str(out)]
    # This script loads numpy before it knows it runs phases: start it as `rounds match` would.
    quiet_blas = {**environment, "OPENBLAS_NUM_THREADS": "1"}
    for _ in range(runs):
        laps = json.loads(_child_cpu(command, quiet_blas)[2])
        for name, seconds in laps.items():
            best[name] = min(best.get(name, seconds), seconds)
    return best


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
    mentees: int, mentors: int, seed: int, runs: int, tree: Path
) -> tuple[Matrix, IntArray, BoundedSolve, float]:
    """`rounds match` in fresh processes, then its steps one by one in this one."""
    # Here, not at the top: the phases' processes run this script against --tree's code.
    from bench.cohort_roster import roster_rows, write_roster

    today = date.fromisoformat(TODAY)
    with tempfile.TemporaryDirectory(prefix="rounds-bench-") as folder:
        roster, out = Path(folder) / "roster.csv", Path(folder) / "matches.csv"
        write_roster(roster, roster_rows(mentees, mentors, seed))
        environment = _child_environment(Path(folder) / "pycache", tree)
        print(f"instance: roster CSV, {mentees} mentees, {mentors} mentors, seed {seed}")
        print(f"code: {tree}")
        wall, cpu, printed = time_rounds_match(roster, out, environment)
        print(f"rounds match, first run (compiles bytecode) {wall:7.3f} s wall, {cpu:.3f} s CPU")
        timed = [time_rounds_match(roster, out, environment) for _ in range(runs)]
        wall, cpu = min(t[0] for t in timed), min(t[1] for t in timed)
        print(
            f"rounds match end to end  {wall:7.3f} s wall, {cpu:.3f} s CPU "
            f"(fresh process, best of {runs})"
        )
        print("  " + printed.strip().replace("\n", "\n  "))
        phases = time_phases(roster, out, environment, runs)
        print(f"rounds match by phase, fresh process (CPU s, best of {runs} each):")
        for name, seconds in phases.items():
            print(f"  {name:<40} {seconds:7.3f}")
        print(f"  {'sum':<40} {sum(phases.values()):7.3f}")

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


def _collection_as_in_rounds_match() -> AbstractContextManager[object]:
    try:
        from handlers.heap import cycle_collection_paused
    except ImportError:  # --tree: a checkout whose `rounds match` collects garbage as usual
        return nullcontext()
    return cycle_collection_paused()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes timed, best kept")
    parser.add_argument(
        "--tree",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="run another checkout's code in the fresh processes, to compare before and after",
    )
    parser.add_argument("--no-full", action="store_true", help="skip the unpruned solve")
    parser.add_argument(
        "--generated",
        action="store_true",
        help="solve bench/matching.py's generated instance instead of a roster CSV",
    )
    parser.add_argument("--phases-of", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_of:
        with _collection_as_in_rounds_match():
            phases_of_match(*args.phases_of)
        return
    if args.generated:
        fits, slots, bounded, seconds = generated_run(args.mentees, args.mentors, args.seed)
    else:
        fits, slots, bounded, seconds = roster_run(
            args.mentees, args.mentors, args.seed, args.runs, args.tree
        )
    compare(fits, slots, bounded, seconds, full=not args.no_full)


if __name__ == "__main__":
    main()

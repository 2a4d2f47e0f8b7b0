"""OR-Tools against scipy on the two flow problems Rounds solves, at the benchmarks' sizes.

    uv run --with scipy python bench/flows.py

scipy is not a dependency: `--with` lends it for this run only. The problems are captured
from the real code paths, then solved both ways and checked to reach the same optimum:
- cohort assignment at 5,000 x 1,000 (bench/cohort.py's roster): the count (max flow), the
  bottleneck search (max flows), and the best total (min-cost flow; in scipy, a sparse
  assignment over mentor slots, `min_weight_full_bipartite_matching`);
- event seating (bot/events/flow.py), every round's flow of the 300 x 40 x 8 and
  1,000 x 100 x 10 cases of bench/rotations.py (min-cost flow; in scipy,
  `linear_sum_assignment` over seats, extra seats and free rounds).
Times are CPU seconds, best of a few runs, inputs already built.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow, min_weight_full_bipartite_matching

import bot.events.engine as engine
from bench.cohort_roster import roster_rows
from bench.rotations import cases
from bot.events import plan_event
from bot.events.flow import FORBIDDEN, NOISE, seat_flow, solve_flow
from bot.events.flow import _arcs as seat_arcs
from bot.matching.assign_bound import exact_solve, fit_matrix, open_slots
from bot.matching.assign_defaults import DEFAULT_LOAD_PENALTY, FIT_SCALE
from bot.matching.assign_flow import (
    CandidateGraph,
    _best_total,
    _network,
    _terminals,
    best_worst_fit,
    max_matched,
)
from bot.matching.people_csv import read_people
from bot.matching.scoring import DefaultScorer

IntArray = NDArray[np.int64]


def best_cpu(work: Callable[[], Any], runs: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        result = work()
        best = min(best, time.process_time() - started)
    return best, result


# --- cohort ---------------------------------------------------------------------------


def scipy_max_matched(graph: CandidateGraph, usable: NDArray[np.bool_] | None = None) -> int:
    mask = np.ones(len(graph.fit), dtype=bool) if usable is None else usable
    tails, heads, capacities = _network(graph, mask)
    source, sink = _terminals(graph)
    nodes = sink + 1
    network = csr_matrix(
        (capacities.astype(np.int32), (tails.astype(np.int32), heads.astype(np.int32))),
        shape=(nodes, nodes),
    )
    return int(maximum_flow(network, source, sink, method="dinic").flow_value)


def scipy_bottleneck(graph: CandidateGraph, matched: int) -> int:
    units = graph.fit_units
    thresholds = np.unique(units)
    low, high = 0, len(thresholds) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if scipy_max_matched(graph, units >= thresholds[middle]) == matched:
            low = middle
        else:
            high = middle - 1
    return int(thresholds[low])


def scipy_best_total(graph: CandidateGraph, threshold: int, penalty_units: int) -> int:
    """The stage-3 objective by a sparse assignment: mentees to mentor slots or to no one.

    Slot k of a mentor costs k * penalty more; leaving a mentee out costs more than any
    match, so the count stays the largest, as the flow's fixed supply makes it.
    """
    units = graph.fit_units
    edges = np.flatnonzero(units >= threshold)
    slot_start = np.concatenate([[0], np.cumsum(graph.slots)])
    per_edge = graph.slots[graph.mentor[edges]]
    edge_of = np.repeat(edges, per_edge)
    rank = np.concatenate([np.arange(k) for k in per_edge]) if len(edges) else edges
    columns = slot_start[graph.mentor[edge_of]] + rank
    cost = 1 + FIT_SCALE - units[edge_of] + rank * penalty_units
    unmatched_cost = int(cost.max(initial=0)) * (graph.mentee_count + 1)
    nobody = int(slot_start[-1]) + np.arange(graph.mentee_count)
    rows = np.concatenate([graph.mentee[edge_of], np.arange(graph.mentee_count)])
    biadjacency = csr_matrix(
        (
            np.concatenate([cost, np.full(graph.mentee_count, unmatched_cost)]).astype(float),
            (rows, np.concatenate([columns, nobody])),
        ),
        shape=(graph.mentee_count, int(slot_start[-1]) + graph.mentee_count),
    )
    row_index, column_index = min_weight_full_bipartite_matching(biadjacency)
    chosen = column_index < slot_start[-1]
    mentor_of_slot = np.repeat(np.arange(len(graph.slots)), graph.slots)
    mentees, mentors = row_index[chosen], mentor_of_slot[column_index[chosen]]
    lookup = {(int(graph.mentee[k]), int(graph.mentor[k])): int(k) for k in edges}
    picked = np.array([lookup[(int(i), int(j))] for i, j in zip(mentees, mentors, strict=True)])
    loads = np.bincount(graph.mentor[picked], minlength=len(graph.slots))
    return int(units[picked].sum()) - penalty_units * int((loads * (loads - 1) // 2).sum())


def cohort() -> None:
    import csv
    import io

    rows = roster_rows(5000, 1000, 7)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[-1] | rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    text.seek(0)
    people = read_people(text)
    today = date(2026, 9, 1)
    fits = fit_matrix(people.needs, people.mentors, DefaultScorer(), today)
    bounded = exact_solve(fits, open_slots(people.mentors, today))
    graph, solution = bounded.graph, bounded.solution
    penalty = round(DEFAULT_LOAD_PENALTY * FIT_SCALE)
    print(f"cohort 5,000 x 1,000: bounded graph of {len(graph.fit)} pairs")

    ortools_cpu, ortools_count = best_cpu(lambda: max_matched(graph))
    scipy_cpu, scipy_count = best_cpu(lambda: scipy_max_matched(graph))
    print(
        f"  count (max flow)        OR-Tools {ortools_cpu:6.3f} s -> {ortools_count}, "
        f"scipy dinic {scipy_cpu:6.3f} s -> {scipy_count}"
    )
    ortools_cpu, ortools_t = best_cpu(lambda: best_worst_fit(graph, solution.matched), 1)
    scipy_cpu, scipy_t = best_cpu(lambda: scipy_bottleneck(graph, solution.matched), 1)
    print(
        f"  bottleneck (max flows)  OR-Tools {ortools_cpu:6.3f} s -> {ortools_t}, "
        f"scipy dinic {scipy_cpu:6.3f} s -> {scipy_t}"
    )
    units = graph.fit_units
    usable = units >= ortools_t

    def ortools_total() -> int:
        edges = _best_total(graph, units, usable, solution.matched, penalty)
        loads = np.bincount(graph.mentor[edges], minlength=len(graph.slots))
        return int(units[edges].sum()) - penalty * int((loads * (loads - 1) // 2).sum())

    ortools_cpu, ortools_value = best_cpu(ortools_total)
    scipy_cpu, scipy_value = best_cpu(lambda: scipy_best_total(graph, ortools_t, penalty))
    print(
        f"  best total (min cost)   OR-Tools {ortools_cpu:6.3f} s -> {ortools_value}, "
        f"scipy LAPJVsp {scipy_cpu:6.3f} s -> {scipy_value}"
    )


# --- event seating --------------------------------------------------------------------


def scipy_seat_cost(
    costs: IntArray,
    break_costs: IntArray,
    open_experts: NDArray[np.bool_],
    seats: int,
    hosted: IntArray,
    noise: IntArray,
    sparse: bool = False,
) -> int:
    """The seating flow's optimal cost as one assignment (dense LAPJV, or sparse LAPJVsp).

    Columns: each table's regular seats, one extra seat per table, one free round per
    mentee. Rows: the mentees, plus (tables - extra) placeholders that must sit in extra
    seats, so at most `extra` extra seats are left for mentees, as the flow's outlet allows.
    """
    tables = np.flatnonzero(open_experts)
    mentee_count, table_count = costs.shape[0], tables.size
    smaller, extra = divmod(seats, table_count)
    big = FORBIDDEN * NOISE
    seat = np.full((mentee_count, table_count), big, dtype=np.int64)
    allowed_rows, allowed_cols = np.nonzero(costs[:, tables] < FORBIDDEN)
    seat[allowed_rows, allowed_cols] = (
        costs[allowed_rows, tables[allowed_cols]] * NOISE + noise[: allowed_rows.size]
    )
    regular = np.repeat(seat, smaller, axis=1)
    extra_seat = seat + hosted[tables][np.newaxis, :] * NOISE
    free = np.full((mentee_count, mentee_count), big, dtype=np.int64)
    np.fill_diagonal(free, break_costs * NOISE)
    mentee_rows = np.hstack([regular, extra_seat, free])
    placeholders = np.full((table_count - extra, mentee_rows.shape[1]), big, dtype=np.int64)
    placeholders[:, regular.shape[1] : regular.shape[1] + table_count] = 0
    matrix = np.vstack([mentee_rows, placeholders])
    if sparse:
        # LAPJVsp reads a stored zero as no edge: shift every real cost up by one.
        real_rows, real_cols = np.nonzero(matrix < big)
        shifted = matrix[real_rows, real_cols].astype(np.float64) + 1
        biadjacency = csr_matrix((shifted, (real_rows, real_cols)), shape=matrix.shape)
        rows, cols = min_weight_full_bipartite_matching(biadjacency)
    else:
        rows, cols = linear_sum_assignment(matrix.astype(np.float64))
    return int(matrix[rows, cols].sum())


def seating() -> None:
    captured: list[tuple[Any, ...]] = []

    def recording(*args: Any) -> Any:
        captured.append(args[:5])
        return seat_flow(*args)

    engine.seat_flow = recording  # type: ignore[assignment]
    try:
        for case in cases()[-2:]:
            captured.clear()
            plan_event(case.experts, case.mentees, case.spec, seed=0)
            problems = list(captured)
            ortools_total = scipy_total = sparse_total = 0.0
            same = True
            for costs, break_costs, open_experts, seats, hosted in problems:
                noise = np.random.default_rng(0).integers(
                    0, NOISE, size=int((costs[:, np.flatnonzero(open_experts)] < FORBIDDEN).sum())
                )
                problem = (costs, break_costs, open_experts, seats, hosted, noise)
                ortools_cpu, ortools_cost = best_cpu(partial(ortools_seat_cost, *problem))
                scipy_cpu, scipy_cost = best_cpu(partial(scipy_seat_cost, *problem))
                sparse_cpu, sparse_cost = best_cpu(partial(scipy_seat_cost, *problem, True))
                sparse_total += sparse_cpu
                same &= ortools_cost == sparse_cost
                ortools_total += ortools_cpu
                scipy_total += scipy_cpu
                same &= ortools_cost == scipy_cost
            print(
                f"seating {case.label:<20} {len(problems):>3} flows ({problems[0][0].shape[0]} "
                f"mentees x {int(problems[0][2].sum())} tables): OR-Tools {ortools_total:6.3f} s, "
                f"scipy dense {scipy_total:6.3f} s, scipy sparse {sparse_total:6.3f} s, "
                f"same optimum {same}"
            )
    finally:
        engine.seat_flow = seat_flow


def ortools_seat_cost(
    costs: IntArray,
    break_costs: IntArray,
    open_experts: NDArray[np.bool_],
    seats: int,
    hosted: IntArray,
    noise: IntArray,
) -> int:
    """seat_flow's own network, with the given noise, solved by OR-Tools: its optimal cost."""
    tables = np.flatnonzero(open_experts)
    allowed_rows, allowed_cols = np.nonzero(costs[:, tables] < FORBIDDEN)
    tails, heads, capacities, unit_costs, sink = seat_arcs(
        costs.shape[0], tables, allowed_rows, allowed_cols, seats
    )
    unit_costs[: allowed_rows.size] = costs[allowed_rows, tables[allowed_cols]] * NOISE + noise
    unit_costs[allowed_rows.size : allowed_rows.size + costs.shape[0]] = break_costs * NOISE
    extra_start = unit_costs.size - 2 - tables.size
    unit_costs[extra_start : extra_start + tables.size] = hosted[tables] * NOISE
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[: costs.shape[0]] = 1
    supplies[sink] = -costs.shape[0]
    return int(solve_flow(tails, heads, capacities, unit_costs, supplies, "bench").optimal_cost())


def main() -> None:
    cohort()
    seating()


if __name__ == "__main__":
    main()

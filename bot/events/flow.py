"""One round's seating as a min-cost flow: each needy mentee to one open table or a free round."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bot.events.roster import UNSEATED, BoolArray, IntArray

if TYPE_CHECKING:
    from ortools.graph.python import min_cost_flow

FORBIDDEN = 10**12
# Random tie-breaking lives below one cost unit, so it never overrides a real preference.
NOISE = 64


def seat_flow(
    costs: IntArray,
    break_costs: IntArray,
    open_experts: BoolArray,
    seats: int,
    hosted: IntArray,
    rng: np.random.Generator,
) -> IntArray:
    """Each row of `costs` (a needy mentee) goes to one open table or takes a free round.

    `seats` are spread over the open tables as evenly as possible; the larger tables go
    to the experts with the fewest `hosted` meetings so far. Returns the chosen expert
    per row, or UNSEATED.
    """
    tables = np.flatnonzero(open_experts)
    allowed_rows, allowed_cols = np.nonzero(costs[:, tables] < FORBIDDEN)
    noise = rng.integers(0, NOISE, size=allowed_rows.size)
    seat_costs = costs[allowed_rows, tables[allowed_cols]] * NOISE + noise
    tails, heads, capacities, unit_costs, sink = _arcs(
        costs.shape[0], tables, allowed_rows, allowed_cols, seats
    )
    unit_costs[: allowed_rows.size] = seat_costs
    unit_costs[allowed_rows.size : allowed_rows.size + costs.shape[0]] = break_costs * NOISE
    extra_start = unit_costs.size - 2 - tables.size
    unit_costs[extra_start : extra_start + tables.size] = hosted[tables] * NOISE
    mentee_count = costs.shape[0]
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:mentee_count] = 1
    supplies[sink] = -mentee_count
    solver = solve_flow(tails, heads, capacities, unit_costs, supplies, "seating")
    flows = solver.flows(np.arange(allowed_rows.size, dtype=np.int32))
    chosen = np.full(mentee_count, UNSEATED, dtype=np.int64)
    used = flows > 0
    chosen[allowed_rows[used]] = tables[allowed_cols[used]]
    return chosen


def solve_flow(
    tails: IntArray,
    heads: IntArray,
    capacities: IntArray,
    unit_costs: IntArray,
    supplies: IntArray,
    purpose: str,
) -> min_cost_flow.SimpleMinCostFlow:
    """An optimal min-cost flow over these arcs, or RuntimeError naming its purpose."""
    # OR-Tools takes a third of a second to import: only planning an event pays for it.
    from ortools.graph.python import min_cost_flow

    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacities.astype(np.int64),
        unit_costs.astype(np.int64),
    )
    solver.set_nodes_supplies(np.arange(supplies.size, dtype=np.int32), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"{purpose} flow failed with status {status}")
    return solver


def _arcs(
    mentee_count: int,
    tables: IntArray,
    allowed_rows: IntArray,
    allowed_cols: IntArray,
    seats: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray, int]:
    """Arcs in order: seats, free rounds, table capacities, one extra seat per table, outlets.

    Costs are left at zero for the caller to fill in.
    """
    table_count = tables.size
    smaller, extra = divmod(seats, table_count)
    table_node = mentee_count
    extra_node = table_node + table_count
    break_node = extra_node + 1
    sink = break_node + 1
    mentee_nodes = np.arange(mentee_count)
    table_nodes = table_node + np.arange(table_count)
    tails = np.concatenate(
        [allowed_rows, mentee_nodes, table_nodes, table_nodes, [extra_node, break_node]]
    )
    heads = np.concatenate(
        [
            table_node + allowed_cols,
            np.full(mentee_count, break_node),
            np.full(table_count, sink),
            np.full(table_count, extra_node),
            [sink, sink],
        ]
    )
    capacities = np.concatenate(
        [
            np.ones(allowed_rows.size + mentee_count, dtype=np.int64),
            np.full(table_count, smaller),
            np.ones(table_count, dtype=np.int64),
            [extra, mentee_count],
        ]
    )
    return (
        tails.astype(np.int64),
        heads.astype(np.int64),
        capacities.astype(np.int64),
        np.zeros(tails.size, dtype=np.int64),
        sink,
    )

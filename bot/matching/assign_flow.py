"""Max flows and min-cost flows on a candidate graph: the exact lexicographic cohort objective."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import max_flow, min_cost_flow

from bot.matching.assign_defaults import DEFAULT_LOAD_PENALTY, FIT_SCALE


@dataclass(frozen=True, slots=True)
class CandidateGraph:
    """Allowed (mentee, mentor) edges with their fit, and each mentor's free slots."""

    mentee: NDArray[np.int64]
    mentor: NDArray[np.int64]
    fit: NDArray[np.float64]
    slots: NDArray[np.int64]
    mentee_count: int

    @property
    def fit_units(self) -> NDArray[np.int64]:
        return np.rint(self.fit * FIT_SCALE).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Solution:
    """Chosen edges of a candidate graph and the three objective values they achieve."""

    edges: NDArray[np.int64]
    matched: int
    min_fit_units: int | None
    total_units: int


def max_matched(graph: CandidateGraph, usable: NDArray[np.bool_] | None = None) -> int:
    """How many mentees can be matched at most, using only the usable edges."""
    edge_mask = np.ones(len(graph.fit), dtype=bool) if usable is None else usable
    flow = max_flow.SimpleMaxFlow()
    tails, heads, capacities = _network(graph, edge_mask)
    flow.add_arcs_with_capacity(tails, heads, capacities)
    source, sink = _terminals(graph)
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(flow.optimal_flow())


def solve(
    graph: CandidateGraph,
    load_penalty: float = DEFAULT_LOAD_PENALTY,
    *,
    matched: int | None = None,
    floor_units: int | None = None,
) -> Solution:
    """Lexicographically best assignment on the candidate graph.

    First as many mentees matched as possible; then the worst matched fit as high as
    possible; then the largest total of fit minus load penalty, where a mentor's k-th
    new mentee costs (k - 1) * load_penalty, so load spreads when fits are close.

    A caller who already knows the largest count on this graph passes it as `matched`, and
    a worst fit some such matching reaches as `floor_units`; the search then starts there.
    """
    units = graph.fit_units
    matched = max_matched(graph) if matched is None else matched
    if matched == 0:
        return Solution(np.zeros(0, dtype=np.int64), 0, None, 0)
    threshold = best_worst_fit(graph, matched, floor_units)
    usable = units >= threshold
    edges = _best_total(graph, units, usable, matched, round(load_penalty * FIT_SCALE))
    return Solution(
        edges=edges,
        matched=matched,
        min_fit_units=int(units[edges].min()),
        total_units=int(units[edges].sum()) - load_cost_units(graph, edges, load_penalty),
    )


def load_cost_units(graph: CandidateGraph, edges: NDArray[np.int64], load_penalty: float) -> int:
    """Penalty of the load a set of edges puts on mentors, in fit units."""
    loads = np.bincount(graph.mentor[edges], minlength=len(graph.slots))
    return int(round(load_penalty * FIT_SCALE) * (loads * (loads - 1) // 2).sum())


def _terminals(graph: CandidateGraph) -> tuple[int, int]:
    source = graph.mentee_count + len(graph.slots)
    return source, source + 1


def _network(
    graph: CandidateGraph, edge_mask: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Arcs source -> mentee (1), mentee -> mentor (1), mentor -> sink (free slots)."""
    source, sink = _terminals(graph)
    mentees = np.arange(graph.mentee_count, dtype=np.int64)
    mentor_nodes = graph.mentee_count + np.arange(len(graph.slots), dtype=np.int64)
    tails = np.concatenate(
        [np.full(graph.mentee_count, source), graph.mentee[edge_mask], mentor_nodes]
    )
    heads = np.concatenate(
        [mentees, graph.mentee_count + graph.mentor[edge_mask], np.full(len(mentor_nodes), sink)]
    )
    capacities = np.concatenate(
        [np.ones(graph.mentee_count + int(edge_mask.sum()), dtype=np.int64), graph.slots]
    )
    return tails, heads, capacities


def best_worst_fit(graph: CandidateGraph, matched: int, floor_units: int | None = None) -> int:
    """The highest fit t (in units) such that `matched` mentees can be matched on edges >= t.

    `floor_units`, when given, must be such a t already known: the search starts there.
    Counting alone bounds t from above (see `_counting_bound`), and in a cohort the bound is
    mostly the answer: it is tried first, so one flow often settles it.
    """
    units = graph.fit_units
    thresholds = np.unique(units)
    bound = _counting_bound(graph, units, matched)
    high = int(np.searchsorted(thresholds, bound, side="right")) - 1
    low = 0  # thresholds[low] always feasible
    if floor_units is not None:
        low = int(np.searchsorted(thresholds, floor_units, side="right")) - 1
    high = max(high, low)
    if low < high:
        if max_matched(graph, units >= thresholds[high]) == matched:
            return int(thresholds[high])
        high -= 1
    if floor_units is not None:
        low, high = _gallop(graph, units, matched, thresholds, low, high)
    while low < high:
        middle = (low + high + 1) // 2
        if max_matched(graph, units >= thresholds[middle]) == matched:
            low = middle
        else:
            high = middle - 1
    return int(thresholds[low])


def _counting_bound(graph: CandidateGraph, units: NDArray[np.int64], matched: int) -> int:
    """A fit no matching of `matched` mentees keeps all its edges at or above, if higher.

    On edges >= t, at least `matched` mentees need an edge, and a mentor takes at most their
    free slots: their best `slots` edges, counted over all mentors, must number `matched`.
    """
    best_of_mentee = units[_ranked_within(graph.mentee, units) == 0]
    rank = _ranked_within(graph.mentor, units)
    best_of_mentor = units[rank < graph.slots[graph.mentor]]
    return min(_kth_largest(best_of_mentee, matched), _kth_largest(best_of_mentor, matched))


def _ranked_within(groups: NDArray[np.int64], units: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each edge's place among its group's edges, best first (ties in any order)."""
    # One sort of a single key, by group then best first: fits are at most FIT_SCALE units.
    order = np.argsort(groups * (FIT_SCALE + 1) + (FIT_SCALE - units))
    sorted_groups = groups[order]
    starts = np.searchsorted(sorted_groups, sorted_groups)
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups), dtype=np.int64) - starts
    return rank


def _kth_largest(values: NDArray[np.int64], k: int) -> int:
    if not 0 < k <= len(values):
        return -1
    return int(np.partition(values, len(values) - k)[len(values) - k])


def _gallop(
    graph: CandidateGraph,
    units: NDArray[np.int64],
    matched: int,
    thresholds: NDArray[np.int64],
    feasible: int,
    highest: int,
) -> tuple[int, int]:
    """A feasible threshold index and a highest candidate one, bracketing the optimum.

    Steps up from a known feasible index in doubling strides: few flows when the optimum
    lies just above it, as it does after a good pruned solve.
    """
    step = 1
    while feasible + step <= highest:
        if max_matched(graph, units >= thresholds[feasible + step]) < matched:
            return feasible, feasible + step - 1
        feasible += step
        step *= 2
    return feasible, highest


def _best_total(
    graph: CandidateGraph,
    units: NDArray[np.int64],
    usable: NDArray[np.bool_],
    matched: int,
    penalty_units: int,
) -> NDArray[np.int64]:
    flow = min_cost_flow.SimpleMinCostFlow()
    source, sink = _terminals(graph)
    edge_ids = np.flatnonzero(usable)
    mentee_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        graph.mentee[edge_ids],
        graph.mentee_count + graph.mentor[edge_ids],
        np.ones(len(edge_ids), dtype=np.int64),
        FIT_SCALE - units[edge_ids],  # with the flow fixed, less cost is more fit
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(graph.mentee_count, source),
        np.arange(graph.mentee_count, dtype=np.int64),
        np.ones(graph.mentee_count, dtype=np.int64),
        np.zeros(graph.mentee_count, dtype=np.int64),
    )
    # One unit arc per free slot, the k-th dearer than the (k-1)-th: a convex cost, so
    # the cheapest flow fills slots in order and pays (k - 1) * penalty for the k-th mentee.
    used_mentors = np.unique(graph.mentor[edge_ids])
    slot_counts = graph.slots[used_mentors]
    slot_mentor = np.repeat(used_mentors, slot_counts)
    slot_rank = np.arange(len(slot_mentor), dtype=np.int64) - np.repeat(
        np.cumsum(slot_counts) - slot_counts, slot_counts
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        graph.mentee_count + slot_mentor,
        np.full(len(slot_mentor), sink),
        np.ones(len(slot_mentor), dtype=np.int64),
        slot_rank * penalty_units,
    )
    flow.set_node_supply(source, matched)
    flow.set_node_supply(sink, -matched)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("min cost flow failed")
    chosen: NDArray[np.int64] = edge_ids[flow.flows(mentee_arcs) > 0].astype(np.int64)
    return chosen

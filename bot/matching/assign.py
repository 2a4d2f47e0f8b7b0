"""Suggestions for one need, and a whole cohort assigned at once without overloading anyone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import max_flow, min_cost_flow

from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.rules import allowed_matrix, broken_rule, is_paused
from bot.matching.scoring import Score, Scorer, score_pairs, value_matrix

# Fits are compared as integers in millionths: flows need integer costs.
FIT_SCALE = 1_000_000
DEFAULT_CANDIDATES_PER_MENTEE = 12
DEFAULT_LOAD_PENALTY = 0.01


@dataclass(frozen=True, slots=True)
class Suggestion:
    mentor_id: str
    score: Score


def suggest(
    need: MenteeNeed,
    mentors: Sequence[MentorProfile],
    scorer: Scorer,
    today: date,
    k: int = 3,
) -> list[Suggestion]:
    """The k best allowed mentors for one need, best first (ties by person id)."""
    allowed = allowed_matrix([need], mentors, today)[0]
    values = value_matrix(scorer, [need], mentors)[0]
    allowed_columns = [int(j) for j in np.flatnonzero(allowed)]
    best = sorted(allowed_columns, key=lambda j: (-values[j], mentors[j].person_id))[:k]
    scores = score_pairs(scorer, [need] * len(best), [mentors[j] for j in best])
    return [Suggestion(mentors[j].person_id, s) for j, s in zip(best, scores, strict=True)]


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


def candidate_graph(
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    scorer: Scorer,
    today: date,
    candidates_per_mentee: int = DEFAULT_CANDIDATES_PER_MENTEE,
) -> CandidateGraph:
    """Each mentee's best `candidates_per_mentee` allowed mentors (ties by position)."""
    values = value_matrix(scorer, needs, mentors)
    values = np.where(allowed_matrix(needs, mentors, today), values, -np.inf)
    keep = min(candidates_per_mentee, len(mentors))
    if keep == 0 or not needs:
        best = np.zeros((len(needs), 0), dtype=np.int64)
    else:
        best = np.argpartition(-values, keep - 1, axis=1)[:, :keep]
    rows = np.repeat(np.arange(len(needs)), best.shape[1])
    cols = best.ravel()
    real = np.isfinite(values[rows, cols])
    return CandidateGraph(
        mentee=rows[real].astype(np.int64),
        mentor=cols[real].astype(np.int64),
        fit=values[rows, cols][real].astype(np.float64),
        slots=np.array(
            [0 if is_paused(m, today) else m.free_slots for m in mentors], dtype=np.int64
        ),
        mentee_count=len(needs),
    )


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


def solve(graph: CandidateGraph, load_penalty: float = DEFAULT_LOAD_PENALTY) -> Solution:
    """Lexicographically best assignment on the candidate graph.

    First as many mentees matched as possible; then the worst matched fit as high as
    possible; then the largest total of fit minus load penalty, where a mentor's k-th
    new mentee costs (k - 1) * load_penalty, so load spreads when fits are close.
    """
    units = graph.fit_units
    matched = max_matched(graph)
    if matched == 0:
        return Solution(np.zeros(0, dtype=np.int64), 0, None, 0)
    threshold = _bottleneck(graph, units, matched)
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


def _bottleneck(graph: CandidateGraph, units: NDArray[np.int64], matched: int) -> int:
    """The highest fit t such that `matched` mentees can still be matched on edges >= t."""
    thresholds = np.unique(units)
    low, high = 0, len(thresholds) - 1  # thresholds[low] always feasible
    while low < high:
        middle = (low + high + 1) // 2
        if max_matched(graph, units >= thresholds[middle]) == matched:
            low = middle
        else:
            high = middle - 1
    return int(thresholds[low])


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
    slot_rank = np.concatenate(
        [np.arange(c, dtype=np.int64) for c in slot_counts] or [np.zeros(0, np.int64)]
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


@dataclass(frozen=True, slots=True)
class Pair:
    mentee_id: str
    mentor_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CohortFigures:
    matched: int
    unmatched: int
    mean_fit: float
    p10_fit: float
    min_fit: float
    total_fit: float
    load_min: int
    load_max: int
    load_spread: int
    hard_rule_violations: int


@dataclass(frozen=True, slots=True)
class CohortPlan:
    pairs: tuple[Pair, ...]
    unmatched: tuple[str, ...]
    figures: CohortFigures


def assign_cohort(
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    scorer: Scorer,
    today: date,
    candidates_per_mentee: int = DEFAULT_CANDIDATES_PER_MENTEE,
    load_penalty: float = DEFAULT_LOAD_PENALTY,
) -> CohortPlan:
    """Match a whole cohort: most mentees matched, then the worst fit raised, then total fit.

    Only each mentee's best `candidates_per_mentee` allowed mentors are considered.
    """
    graph = candidate_graph(needs, mentors, scorer, today, candidates_per_mentee)
    solution = solve(graph, load_penalty)
    chosen_needs = [needs[i] for i in graph.mentee[solution.edges]]
    chosen_mentors = [mentors[j] for j in graph.mentor[solution.edges]]
    scores = score_pairs(scorer, chosen_needs, chosen_mentors)
    pairs = tuple(
        Pair(n.person_id, m.person_id, s.value, s.reasons)
        for n, m, s in zip(chosen_needs, chosen_mentors, scores, strict=True)
    )
    matched_rows = set(graph.mentee[solution.edges].tolist())
    unmatched = tuple(n.person_id for i, n in enumerate(needs) if i not in matched_rows)
    return CohortPlan(pairs, unmatched, cohort_figures(pairs, unmatched, needs, mentors, today))


def cohort_figures(
    pairs: Sequence[Pair],
    unmatched: Sequence[str],
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    today: date,
) -> CohortFigures:
    """Figures of a plan; hard rules are re-checked pair by pair, independently of the solver."""
    fits = np.array([p.score for p in pairs], dtype=np.float64)
    new_load = Counter(p.mentor_id for p in pairs)
    open_mentors = [m for m in mentors if not is_paused(m, today) and m.free_slots > 0]
    loads = [new_load.get(m.person_id, 0) for m in open_mentors] or [0]
    return CohortFigures(
        matched=len(pairs),
        unmatched=len(unmatched),
        mean_fit=float(fits.mean()) if len(fits) else 0.0,
        p10_fit=float(np.percentile(fits, 10)) if len(fits) else 0.0,
        min_fit=float(fits.min()) if len(fits) else 0.0,
        total_fit=float(fits.sum()),
        load_min=min(loads),
        load_max=max(loads),
        load_spread=max(loads) - min(loads),
        hard_rule_violations=count_violations(pairs, needs, mentors, today),
    )


def count_violations(
    pairs: Sequence[Pair],
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    today: date,
) -> int:
    """Pairs breaking a hard rule, mentees matched twice, and slots taken beyond capacity."""
    need_by_id = {n.person_id: n for n in needs}
    mentor_by_id = {m.person_id: m for m in mentors}
    violations = 0
    for pair in pairs:
        need = need_by_id.get(pair.mentee_id)
        mentor = mentor_by_id.get(pair.mentor_id)
        if need is None or mentor is None or broken_rule(need, mentor, today) is not None:
            violations += 1
    violations += sum(c - 1 for c in Counter(p.mentee_id for p in pairs).values() if c > 1)
    for mentor_id, load in Counter(p.mentor_id for p in pairs).items():
        mentor = mentor_by_id.get(mentor_id)
        if mentor is not None:
            violations += max(0, mentor.active_mentees + load - mentor.capacity)
    return violations

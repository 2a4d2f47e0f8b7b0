"""Suggestions for one need, and a whole cohort assigned at once without overloading anyone."""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.matching.assign_defaults import (
    DEFAULT_CANDIDATES_PER_MENTEE,
    DEFAULT_LOAD_PENALTY,
    FIT_SCALE,
)
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.rules import allowed_matrix, broken_rule, is_paused
from bot.matching.scoring import Score, Scorer, score_pairs, value_matrix

if TYPE_CHECKING:
    from bot.matching.assign_bound import candidate_graph
    from bot.matching.assign_flow import (
        CandidateGraph,
        Solution,
        load_cost_units,
        max_matched,
        solve,
    )

__all__ = [
    "DEFAULT_CANDIDATES_PER_MENTEE",
    "DEFAULT_LOAD_PENALTY",
    "FIT_SCALE",
    "CandidateGraph",
    "CohortFigures",
    "CohortPlan",
    "Pair",
    "Solution",
    "Suggestion",
    "assign_cohort",
    "candidate_graph",
    "cohort_figures",
    "count_violations",
    "load_cost_units",
    "max_matched",
    "solve",
    "suggest",
]
# The flow solvers load OR-Tools: /mentor suggestions import this module and never need them.
_SOLVER_HOMES = {
    "candidate_graph": "bot.matching.assign_bound",
    **dict.fromkeys(
        ("CandidateGraph", "Solution", "load_cost_units", "max_matched", "solve"),
        "bot.matching.assign_flow",
    ),
}


def __getattr__(name: str) -> Any:
    if name not in _SOLVER_HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_SOLVER_HOMES[name]), name)


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

    The optimum over every allowed pair; `candidates_per_mentee` only sets how wide the first,
    pruned solve looks (see `assign_bound`), so it changes the time taken, never the plan's
    figures.
    """
    from bot.matching.assign_bound import exact_solve, fit_matrix, open_slots

    bounded = exact_solve(
        fit_matrix(needs, mentors, scorer, today),
        open_slots(mentors, today),
        candidates_per_mentee,
        load_penalty,
    )
    graph, solution = bounded.graph, bounded.solution
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

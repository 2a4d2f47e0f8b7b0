"""Benchmark of cohort matching: 5,000 mentees, 1,000 mentors (capacity 1-6), seedable.

    uv run python bench/matching.py [--seed 7] [--mentees 5000] [--mentors 1000] [--gold-only]

Prints ranking quality on the hand-labelled gold set (dev, held-out and the second held-out
part, beside plain rapidfuzz), then scoring and assignment time, fit figures, load spread, the
gap to an independent LP bound on the candidate graph (bipartite b-matching LPs are integral,
so the LP optimum is the exact optimum), and ratios against a best-score-first greedy run in
the same process.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date

import numpy as np
from numpy.typing import NDArray
from ortools.linear_solver import pywraplp

from bench.matching_gold import report as gold_report
from bot.career import CareerStage
from bot.matching.assign import (
    DEFAULT_CANDIDATES_PER_MENTEE,
    DEFAULT_LOAD_PENALTY,
    FIT_SCALE,
    CandidateGraph,
    candidate_graph,
    load_cost_units,
    max_matched,
    solve,
)
from bot.matching.normalize import normalize
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.scoring import DefaultScorer, score_pairs
from bot.matching.vocabulary import ConceptKind, Vocabulary, load_vocabulary

TODAY = date(2026, 9, 1)
DEPARTMENTS = ["Pediatrics", "Medicine", "Surgery", "Emergency", "Psychiatry", "Radiology"]
GOALS = [
    "I'm a {stage} in {spec} and want help with {topic} and {topic2}",
    "looking for someone for {topic} - thinking about {spec}",
    "{spec} resident, need advice on {topic}, also {topic2}",
    "help with {topic} please! {spec}",
    "{topic} + {topic2} ({spec})",
]
OFFERS = [
    "Happy to help with {topic}, {topic2} and anything {spec}",
    "{spec} attending; I mentor on {topic} and {topic2}",
    "Ask me about {topic}. {spec} for 10 years.",
]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 8 or rng.random() > 0.15:
        return word
    k = rng.randrange(1, len(word) - 2)
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def _spoken(concept_id: str, vocabulary: Vocabulary, rng: random.Random) -> str:
    """A way a person might write a concept: its label or one of its aliases, maybe misspelled."""
    aliases = [a for a in vocabulary.aliases if a.concept_id == concept_id]
    alias = rng.choice(aliases)
    phrase = " ".join(alias.words) if rng.random() < 0.6 else vocabulary.concept(concept_id).label
    return " ".join(_typo(w, rng) for w in phrase.split())


def generate(
    mentee_count: int, mentor_count: int, seed: int
) -> tuple[list[MenteeNeed], list[MentorProfile]]:
    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    specialties = [c.id for c in vocabulary.specialties]
    topics = [c.id for c in vocabulary.topics]
    stages = list(CareerStage)

    def fill(template: str, spec: str, chosen: list[str], stage: CareerStage) -> str:
        return template.format(
            stage=stage.label,
            spec=_spoken(spec, vocabulary, rng),
            topic=_spoken(chosen[0], vocabulary, rng),
            topic2=_spoken(chosen[1], vocabulary, rng),
        )

    def concepts(text: str, kind: ConceptKind) -> list[str]:
        return [c.id for c in normalize(text, vocabulary) if c.kind is kind]

    mentors = []
    for j in range(mentor_count):
        spec, chosen = rng.choice(specialties), rng.sample(topics, 3)
        stage = rng.choice(stages[8:])
        text = fill(rng.choice(OFFERS), spec, chosen, stage)
        mentors.append(
            MentorProfile(
                person_id=f"mentor{j}",
                specialties=frozenset(concepts(text, ConceptKind.SPECIALTY)),
                topics=frozenset(concepts(text, ConceptKind.TOPIC)),
                help_text=text,
                career_stage=stage,
                capacity=rng.randint(1, 6),
                active_mentees=0,
                chats_per_month=rng.randint(1, 4),
                paused_until=TODAY.replace(month=12) if rng.random() < 0.03 else None,
                department=rng.choice(DEPARTMENTS),
                languages=frozenset(["en", "es"] if rng.random() < 0.2 else ["en"]),
            )
        )
    needs = []
    for i in range(mentee_count):
        spec, chosen = rng.choice(specialties), rng.sample(topics, 2)
        stage = rng.choice(stages[:8])
        text = fill(rng.choice(GOALS), spec, chosen, stage)
        fields = concepts(text, ConceptKind.SPECIALTY)
        needs.append(
            MenteeNeed(
                person_id=f"mentee{i}",
                goal=text,
                topics=frozenset(concepts(text, ConceptKind.TOPIC)),
                specialty=fields[0] if fields else None,
                career_stage=stage,
                never_pair=frozenset({f"mentor{rng.randrange(mentor_count)}"}),
                department=rng.choice(DEPARTMENTS),
                department_preference=rng.choice(list(DepartmentPreference)),
                languages=frozenset(["es"] if rng.random() < 0.05 else ["en"]),
            )
        )
    return needs, mentors


def greedy(graph: CandidateGraph) -> NDArray[np.int64]:
    """Best-score-first: take each edge, best first, while both ends are still free."""
    slots = graph.slots.copy()
    taken = np.zeros(graph.mentee_count, dtype=bool)
    chosen = []
    for edge in np.argsort(-graph.fit, kind="stable"):
        mentee, mentor = graph.mentee[edge], graph.mentor[edge]
        if not taken[mentee] and slots[mentor] > 0:
            taken[mentee] = True
            slots[mentor] -= 1
            chosen.append(edge)
    return np.array(chosen, dtype=np.int64)


def lp_bound(graph: CandidateGraph, threshold: int, matched: int, load_penalty: float) -> float:
    """Optimum of the third objective by linear programming, in fit units."""
    units = graph.fit_units
    usable = np.flatnonzero(units >= threshold)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    x = [solver.NumVar(0, 1, "") for _ in usable]
    by_mentee: dict[int, list[int]] = {}
    by_mentor: dict[int, list[int]] = {}
    for k, edge in enumerate(usable):
        by_mentee.setdefault(int(graph.mentee[edge]), []).append(k)
        by_mentor.setdefault(int(graph.mentor[edge]), []).append(k)
    for ks in by_mentee.values():
        solver.Add(sum(x[k] for k in ks) <= 1)
    objective = solver.Objective()
    penalty = round(load_penalty * FIT_SCALE)
    for mentor, ks in by_mentor.items():
        slot_vars = [solver.NumVar(0, 1, "") for _ in range(int(graph.slots[mentor]))]
        solver.Add(sum(x[k] for k in ks) == sum(slot_vars))
        for rank, var in enumerate(slot_vars):
            objective.SetCoefficient(var, -penalty * rank)
    solver.Add(sum(x) == matched)
    for k, edge in enumerate(usable):
        objective.SetCoefficient(x[k], float(units[edge]))
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("LP failed")
    return float(objective.Value())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--mentees", type=int, default=5000)
    parser.add_argument("--mentors", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=DEFAULT_CANDIDATES_PER_MENTEE)
    parser.add_argument("--gold-only", action="store_true", help="print only the gold-set part")
    args = parser.parse_args()
    gold_report()
    if args.gold_only:
        return

    started = time.perf_counter()
    needs, mentors = generate(args.mentees, args.mentors, args.seed)
    generated = time.perf_counter()
    scorer = DefaultScorer()
    graph = candidate_graph(needs, mentors, scorer, TODAY, args.candidates)
    scored = time.perf_counter()
    solution = solve(graph, DEFAULT_LOAD_PENALTY)
    assigned = time.perf_counter()
    score_pairs(
        scorer,
        [needs[i] for i in graph.mentee[solution.edges]],
        [mentors[j] for j in graph.mentor[solution.edges]],
    )
    explained = time.perf_counter()

    fits = graph.fit[solution.edges]
    loads = np.bincount(graph.mentor[solution.edges], minlength=len(mentors))[graph.slots > 0]
    print(f"instance: {len(needs)} mentees, {len(mentors)} mentors, seed {args.seed}")
    print(f"free slots {int(graph.slots.sum())}, candidate edges {len(graph.fit)}")
    print(f"generate+normalize text  {generated - started:7.3f} s (not part of matching)")
    print(f"scoring + candidates     {scored - generated:7.3f} s")
    print(f"assignment (3 stages)    {assigned - scored:7.3f} s")
    print(f"reasons for pairs        {explained - assigned:7.3f} s")
    print(f"matching total           {explained - generated:7.3f} s")
    print(f"matched {solution.matched}, unmatched {len(needs) - solution.matched}")
    print(f"fit total {fits.sum():.3f}, mean {fits.mean():.4f}, p10 {np.percentile(fits, 10):.4f}")
    print(f"fit min {fits.min():.4f}")
    print(f"load per open mentor min {loads.min()}, max {loads.max()}, spread {np.ptp(loads)}")

    threshold = solution.min_fit_units or 0
    higher = np.unique(graph.fit_units)
    higher = higher[higher > threshold]
    bottleneck_tight = not len(higher) or max_matched(graph, graph.fit_units >= higher[0]) < (
        solution.matched
    )
    bound = lp_bound(graph, threshold, solution.matched, DEFAULT_LOAD_PENALTY)
    print(f"max matched (max flow)   {max_matched(graph)}")
    print(f"bottleneck is tight      {bottleneck_tight}")
    print(
        f"objective {solution.total_units}, LP bound {bound:.0f}, "
        f"gap {(bound - solution.total_units) / max(abs(bound), 1):.2e}"
    )

    baseline = greedy(graph)
    greedy_fits = graph.fit[baseline]
    greedy_objective = int(graph.fit_units[baseline].sum()) - load_cost_units(
        graph, baseline, DEFAULT_LOAD_PENALTY
    )
    greedy_loads = np.bincount(graph.mentor[baseline], minlength=len(mentors))[graph.slots > 0]
    print(
        f"greedy: matched {len(baseline)}, fit total {greedy_fits.sum():.3f}, "
        f"min {greedy_fits.min():.4f}, spread {np.ptp(greedy_loads)}"
    )
    print(
        f"ratio plan/greedy: matched {solution.matched / len(baseline):.4f}, "
        f"total fit {fits.sum() / greedy_fits.sum():.4f}, "
        f"min fit {fits.min() / greedy_fits.min():.4f}, "
        f"objective {solution.total_units / greedy_objective:.4f}"
    )


if __name__ == "__main__":
    main()

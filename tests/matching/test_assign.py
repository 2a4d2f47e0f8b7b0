import itertools
from collections import Counter
from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.career import CareerStage
from bot.matching.assign import (
    CandidateGraph,
    assign_cohort,
    candidate_graph,
    load_cost_units,
    solve,
    suggest,
)
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.rules import broken_rule
from bot.matching.scoring import DefaultScorer, Score
from tests.matching.conftest import mentor, need

TODAY = date(2026, 9, 1)
scorer = DefaultScorer()


def test_suggestions_are_the_best_allowed_mentors_with_reasons() -> None:
    mentors = [
        mentor("great"),
        mentor("paused", paused_until=date(2026, 9, 2)),
        mentor("back", paused_until=TODAY),
        mentor("full", active_mentees=4),
        mentor("blocked"),
        mentor("mentee"),
        mentor("weak", specialties=frozenset({"urology"}), topics=frozenset(), help_text=""),
    ]
    suggestions = suggest(need(never_pair=frozenset({"blocked"})), mentors, scorer, TODAY, k=5)
    assert [s.mentor_id for s in suggestions] == ["back", "great", "weak"]
    assert "both: fellowship applications · pediatric cardiology" in suggestions[0].score.reasons


def test_a_mentor_who_refuses_a_mentee_is_never_suggested() -> None:
    refusing = mentor("refusing", never_pair=frozenset({"mentee"}))
    assert suggest(need(), [refusing], scorer, TODAY) == []


def test_cohort_spreads_load_between_equally_good_mentors() -> None:
    needs = [need(f"n{i}") for i in range(4)]
    mentors = [mentor("a", active_mentees=0), mentor("b", active_mentees=0)]
    plan = assign_cohort(needs, mentors, scorer, TODAY)
    assert Counter(p.mentor_id for p in plan.pairs) == {"a": 2, "b": 2}
    assert plan.figures.load_spread == 0
    assert plan.figures.hard_rule_violations == 0


def test_the_worst_off_mentee_is_protected_before_total_fit() -> None:
    # Two mentees, one slot each: the greedy best pair (x-a, 0.9) would leave y with 0.1.
    graph = CandidateGraph(
        mentee=np.array([0, 0, 1, 1]),
        mentor=np.array([0, 1, 0, 1]),
        fit=np.array([0.9, 0.8, 0.7, 0.1]),
        slots=np.array([1, 1]),
        mentee_count=2,
    )
    solution = solve(graph, load_penalty=0)
    assert sorted(solution.edges.tolist()) == [1, 2]
    assert solution.min_fit_units == 700_000


def brute_force(graph: CandidateGraph, load_penalty: float) -> tuple[int, int, int]:
    """Best (matched, min fit, total - load cost) over every assignment, by enumeration."""
    units = graph.fit_units
    choices = [
        [None, *np.flatnonzero(graph.mentee == i).tolist()] for i in range(graph.mentee_count)
    ]
    best = (0, 0, 0)
    for picked in itertools.product(*choices):
        edges = np.array([e for e in picked if e is not None], dtype=np.int64)
        loads = np.bincount(graph.mentor[edges], minlength=len(graph.slots))
        if (loads > graph.slots).any():
            continue
        if len(edges) == 0:
            continue
        total = int(units[edges].sum()) - load_cost_units(graph, edges, load_penalty)
        best = max(best, (len(edges), int(units[edges].min()), total))
    return best


@st.composite
def graphs(draw: st.DrawFn) -> CandidateGraph:
    mentee_count = draw(st.integers(1, 5))
    mentor_count = draw(st.integers(1, 4))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, mentee_count - 1), st.integers(0, mentor_count - 1)),
            unique=True,
            max_size=10,
        )
    )
    fits = draw(st.lists(st.integers(0, 20), min_size=len(pairs), max_size=len(pairs)))
    return CandidateGraph(
        mentee=np.array([p[0] for p in pairs], dtype=np.int64),
        mentor=np.array([p[1] for p in pairs], dtype=np.int64),
        fit=np.array(fits, dtype=np.float64) / 20,
        slots=np.array(
            draw(st.lists(st.integers(0, 3), min_size=mentor_count, max_size=mentor_count)),
            dtype=np.int64,
        ),
        mentee_count=mentee_count,
    )


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from([0.0, 0.01, 0.2]))
def test_solver_matches_exhaustive_search_of_the_same_objective(
    graph: CandidateGraph, load_penalty: float
) -> None:
    solution = solve(graph, load_penalty)
    expected = brute_force(graph, load_penalty)
    if expected[0] == 0:
        assert solution.matched == 0
        return
    assert (solution.matched, solution.min_fit_units, solution.total_units) == expected
    loads = np.bincount(graph.mentor[solution.edges], minlength=len(graph.slots))
    assert (loads <= graph.slots).all()
    assert len(set(graph.mentee[solution.edges].tolist())) == solution.matched


people_ids = st.sampled_from(["p1", "p2", "p3", "p4", "p5", "p6"])
need_strategy = st.builds(
    need,
    person_id=people_ids,
    topics=st.frozensets(st.sampled_from(["research", "wellness", "fellowship_applications"])),
    career_stage=st.sampled_from(list(CareerStage)),
    never_pair=st.frozensets(people_ids, max_size=2),
)
mentor_strategy = st.builds(
    mentor,
    person_id=people_ids,
    topics=st.frozensets(st.sampled_from(["research", "wellness", "leadership"])),
    capacity=st.integers(0, 3),
    active_mentees=st.integers(0, 3),
    paused_until=st.one_of(st.none(), st.dates(date(2026, 8, 1), date(2026, 10, 1))),
    never_pair=st.frozensets(people_ids, max_size=2),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(need_strategy, max_size=8, unique_by=lambda n: n.person_id),
    st.lists(mentor_strategy, max_size=6, unique_by=lambda m: m.person_id),
    st.integers(1, 4),
)
def test_a_cohort_plan_never_breaks_a_hard_rule_or_a_capacity(
    needs: list[MenteeNeed], mentors: list[MentorProfile], candidates: int
) -> None:
    plan = assign_cohort(needs, mentors, scorer, TODAY, candidates_per_mentee=candidates)
    assert plan.figures.hard_rule_violations == 0
    need_by_id = {n.person_id: n for n in needs}
    mentor_by_id = {m.person_id: m for m in mentors}
    for pair in plan.pairs:
        assert broken_rule(need_by_id[pair.mentee_id], mentor_by_id[pair.mentor_id], TODAY) is None
    for mentor_id, load in Counter(p.mentor_id for p in plan.pairs).items():
        assert mentor_by_id[mentor_id].active_mentees + load <= mentor_by_id[mentor_id].capacity
    matched = [p.mentee_id for p in plan.pairs]
    assert len(matched) == len(set(matched))
    assert sorted(matched + list(plan.unmatched)) == sorted(n.person_id for n in needs)
    every_allowed_pair = candidate_graph(needs, mentors, scorer, TODAY, len(mentors))
    assert plan.figures.matched == solve(every_allowed_pair).matched


def test_figures_describe_the_plan() -> None:
    needs = [need(f"n{i}") for i in range(5)]
    mentors = [mentor("a", capacity=2, active_mentees=0), mentor("b", capacity=1, active_mentees=0)]
    plan = assign_cohort(needs, mentors, scorer, TODAY)
    figures = plan.figures
    assert (figures.matched, figures.unmatched) == (3, 2)
    assert figures.min_fit <= figures.p10_fit <= figures.mean_fit
    assert (figures.load_min, figures.load_max, figures.load_spread) == (1, 2, 1)
    assert figures.total_fit == sum(p.score for p in plan.pairs)


class TopicCount:
    """A scorer with only `score`, as a plugin might write it."""

    def score(self, need: MenteeNeed, mentor: MentorProfile) -> Score:
        shared = need.topics & mentor.topics
        return Score(len(shared) / 3, tuple(sorted(shared)))


def test_any_scorer_with_only_score_works_for_suggestions_and_cohorts() -> None:
    needs = [need("n1", topics=frozenset({"research"})), need("n2", topics=frozenset({"wellness"}))]
    mentors = [
        mentor("r", topics=frozenset({"research"}), active_mentees=0, capacity=1),
        mentor("w", topics=frozenset({"wellness"}), active_mentees=0, capacity=1),
    ]
    assert [s.mentor_id for s in suggest(needs[0], mentors, TopicCount(), TODAY)] == ["r", "w"]
    plan = assign_cohort(needs, mentors, TopicCount(), TODAY)
    assert {(p.mentee_id, p.mentor_id) for p in plan.pairs} == {("n1", "r"), ("n2", "w")}
    assert plan.pairs[0].reasons in (("research",), ("wellness",))

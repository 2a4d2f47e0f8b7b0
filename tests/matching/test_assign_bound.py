import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.matching.assign import assign_cohort
from bot.matching.assign_bound import CountProof, exact_solve, graph_of
from bot.matching.assign_flow import Solution, best_worst_fit, max_matched, solve
from bot.matching.scoring import DefaultScorer
from tests.matching.conftest import mentor, need
from tests.matching.test_assign import TODAY

NO = -np.inf


def objective(solution: Solution) -> tuple[int, int | None, int]:
    return solution.matched, solution.min_fit_units, solution.total_units


def unpruned(fits: np.ndarray, slots: np.ndarray, load_penalty: float) -> Solution:
    rows, cols = np.nonzero(np.isfinite(fits))
    return solve(graph_of(fits, slots, rows, cols), load_penalty)


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    mentees = draw(st.integers(1, 9))
    mentors = draw(st.integers(1, 6))
    cells = st.one_of(st.just(NO), st.integers(0, 20).map(lambda k: k / 20))
    fits = draw(st.lists(cells, min_size=mentees * mentors, max_size=mentees * mentors))
    slots = draw(st.lists(st.integers(0, 3), min_size=mentors, max_size=mentors))
    matrix = np.array(fits, dtype=np.float64).reshape(mentees, mentors)
    slot_array = np.array(slots, dtype=np.int64)
    matrix[:, slot_array == 0] = NO  # a mentor without a free slot is never allowed
    return matrix, slot_array


@settings(max_examples=200, deadline=None)
@given(problems(), st.integers(1, 3), st.sampled_from([0.0, 0.01, 0.2]))
def test_pruning_by_the_bound_finds_the_unpruned_optimum(
    problem: tuple[np.ndarray, np.ndarray], width: int, load_penalty: float
) -> None:
    fits, slots = problem
    bounded = exact_solve(fits, slots, width, load_penalty)
    assert objective(bounded.solution) == objective(unpruned(fits, slots, load_penalty))


@settings(max_examples=200, deadline=None)
@given(problems())
def test_the_worst_fit_is_the_highest_threshold_that_keeps_the_full_count(
    problem: tuple[np.ndarray, np.ndarray],
) -> None:
    fits, slots = problem
    graph = graph_of(fits, slots, *(axis.astype(np.int64) for axis in np.nonzero(fits > NO)))
    matched = max_matched(graph)
    assume(matched > 0)
    units = graph.fit_units
    keeping = [int(t) for t in np.unique(units) if max_matched(graph, units >= t) == matched]
    assert best_worst_fit(graph, matched) == max(keeping)
    assert best_worst_fit(graph, matched, floor_units=min(keeping)) == max(keeping)


def test_a_mentor_in_nobody_s_short_list_still_takes_a_mentee_the_cohort_needs() -> None:
    # Both mentees rank mentor 0 first; with one best mentor each, mentor 1 would sit idle.
    fits = np.array([[0.9, 0.2], [0.8, 0.3]])
    slots = np.array([1, 1])
    bounded = exact_solve(fits, slots, width=1, load_penalty=0.0)
    assert bounded.solution.matched == 2
    assert bounded.solution.min_fit_units == 300_000
    assert bounded.count_proof is CountProof.CEILING


def test_a_count_below_the_ceiling_is_proved_by_a_flow_over_every_pair() -> None:
    # Mentees 0 and 1 may only meet mentor 0 (one slot): the ceiling of 3 cannot be reached.
    fits = np.array([[0.9, NO], [0.5, NO], [NO, 0.4]])
    slots = np.array([1, 2])
    bounded = exact_solve(fits, slots, width=1, load_penalty=0.0)
    assert (bounded.ceiling, bounded.solution.matched) == (3, 2)
    assert bounded.count_proof is CountProof.FULL_FLOW
    assert bounded.solution.min_fit_units == 400_000


def test_how_wide_the_first_solve_looks_never_changes_the_plan_s_figures() -> None:
    scorer = DefaultScorer()
    needs = [
        need(f"n{i}", topics=frozenset({"research"} if i % 2 else {"wellness"})) for i in range(7)
    ]
    mentors = [
        mentor(f"m{j}", capacity=1 + j % 2, active_mentees=0, topics=frozenset({"research"}))
        for j in range(4)
    ]
    narrow = assign_cohort(needs, mentors, scorer, TODAY, candidates_per_mentee=1)
    wide = assign_cohort(needs, mentors, scorer, TODAY, candidates_per_mentee=50)
    assert (narrow.figures.matched, narrow.figures.min_fit) == (6, wide.figures.min_fit)
    assert narrow.figures.total_fit == wide.figures.total_fit

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest

from bot.events import EventSpec, Expert, Mentee, Plan, plan_event
from bot.events.designs import (
    affine_plane_rows,
    few_expert_words,
    reed_solomon_rows,
    repeated_pairs,
    resolvable_rows,
    stored_design,
    stored_sizes,
)


def test_a_full_room_of_56_mentees_at_8_experts_never_sits_a_pair_together_twice() -> None:
    topics = ["cardiology", "surgery", "research", "careers"]
    experts = [Expert(f"e{i}", f"Expert {i}", topics[i % 4], f"T{i}") for i in range(8)]
    mentees = [
        Mentee(f"m{i}", f"Mentee {i}", (topics[i % 4], topics[(i + 1) % 4])) for i in range(56)
    ]
    plan = plan_event(experts, mentees, EventSpec(rounds=7, table_min=7, table_max=7))
    assert plan.figures.repeated_mentee_pairs == 0
    assert plan.figures.expert_repeats == 0
    assert plan.figures.meetings_short == 0
    for seating in plan.rounds:
        assert sorted(len(table.mentee_ids) for table in seating.tables) == [7] * 8


def test_reed_solomon_codewords_agree_in_at_most_one_round() -> None:
    for order in (5, 7, 8, 16):
        rows = reed_solomon_rows(order, order, order * (order - 1))
        assert rows is not None
        for left, right in combinations(range(rows.shape[1]), 2):
            assert int((rows[:, left] == rows[:, right]).sum()) <= 1
        for column in range(rows.shape[1]):
            assert len(set(rows[:, column].tolist())) == order


@pytest.mark.parametrize("order", [3, 4, 5, 7, 8])
def test_an_affine_plane_seats_q_squared_players_for_q_plus_one_rounds(order: int) -> None:
    rows = affine_plane_rows(order)
    assert rows is not None
    assert rows.shape == (order + 1, order * order)
    assert repeated_pairs(rows) == 0
    for row in rows:
        assert sorted(Counter(row.tolist()).values()) == [order] * order


@pytest.mark.parametrize(("groups", "size", "rounds"), stored_sizes())
def test_every_stored_design_seats_each_player_once_a_round_and_no_pair_twice(
    groups: int, size: int, rounds: int
) -> None:
    rows = stored_design(groups, size)
    assert rows is not None
    assert rows.shape == (rounds, groups * size)
    for row in rows:
        assert sorted(Counter(row.tolist()).values()) == [size] * groups
    assert repeated_pairs(rows) == 0


def test_no_design_is_claimed_where_none_fits() -> None:
    assert resolvable_rows(6, 30, 7) is None
    assert resolvable_rows(10, 50, 5) is None
    assert few_expert_words(4, 6, 31) is None
    assert few_expert_words(6, 6, 30) is None


@pytest.mark.parametrize(
    ("experts", "rounds", "mentees", "pairs_twice"),
    [(2, 6, 30, 0), (3, 6, 30, 0), (3, 7, 42, 0), (4, 5, 20, 0), (4, 6, 30, 3), (5, 6, 30, 6)],
)
def test_with_few_experts_each_mentee_meets_every_one_in_a_different_round(
    experts: int, rounds: int, mentees: int, pairs_twice: int
) -> None:
    words = few_expert_words(experts, rounds, mentees)
    assert words is not None
    assert words.shape == (mentees, experts)
    assert all(len(set(word)) == experts for word in words.tolist())
    assert set(words.ravel().tolist()) == set(range(rounds))
    # a row per expert: mentees agreeing on two experts' rounds sit together twice
    assert repeated_pairs(words.T) == pairs_twice


def test_fewer_mentees_than_a_stored_schedule_holds_leave_out_the_words_that_repeat() -> None:
    words = few_expert_words(5, 6, 24, table_min=3, table_max=8)
    assert words is not None
    assert repeated_pairs(words.T) == 0
    for expert in range(5):
        sizes = Counter(words[:, expert].tolist()).values()
        assert all(3 <= size <= 8 for size in sizes)


def _few_experts_event(table_min: int, table_max: int) -> Plan:
    topics = ["cardiology", "surgery", "research", "careers"]
    experts = [Expert(f"e{i}", f"Expert {i}", topics[i], f"T{i}") for i in range(4)]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", (topics[i % 4],)) for i in range(30)]
    return plan_event(experts, mentees, EventSpec(6, table_min, table_max), search_seconds=0)


def test_thirty_mentees_meet_all_four_experts_with_only_three_pairs_sitting_together_twice() -> (
    None
):
    plan = _few_experts_event(4, 8)
    assert plan.figures.expert_repeats == 0
    assert plan.figures.meetings_short == 0
    assert plan.figures.repeated_mentee_pairs == 3
    assert sum(count > 1 for count in _pairs(plan).values()) == 3
    for seating in plan.rounds:
        assert all(4 <= len(table.mentee_ids) <= 8 for table in seating.tables)


def test_a_stored_schedule_whose_tables_the_organizer_did_not_allow_is_not_used() -> None:
    plan = _few_experts_event(5, 5)
    assert plan.figures.expert_repeats == 0
    assert plan.figures.meetings_short == 0
    for seating in plan.rounds:
        assert all(len(table.mentee_ids) == 5 for table in seating.tables)


def _golfers(groups: int, size: int, rounds: int) -> tuple[list[Expert], list[Mentee], EventSpec]:
    """One host per group per round, each present in their own round only."""
    experts = [
        Expert(
            f"g{group}r{round_number}",
            f"Host {group}",
            "golf",
            f"T{group}",
            frozenset(r for r in range(1, rounds + 1) if r != round_number),
        )
        for round_number in range(1, rounds + 1)
        for group in range(groups)
    ]
    mentees = [Mentee(f"p{i}", f"Player {i}") for i in range(groups * size)]
    return experts, mentees, EventSpec(rounds, size, size)


def _pairs(plan: Plan) -> Counter[tuple[str, str]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for seating in plan.rounds:
        for table in seating.tables:
            pairs.update(combinations(sorted(table.mentee_ids), 2))
    return pairs


@pytest.mark.parametrize(("groups", "size", "rounds"), [*stored_sizes(), (5, 5, 6), (4, 4, 5)])
def test_golfers_play_every_round_without_meeting_anyone_twice(
    groups: int, size: int, rounds: int
) -> None:
    experts, mentees, spec = _golfers(groups, size, rounds)
    plan = plan_event(experts, mentees, spec, search_seconds=0)
    assert max(_pairs(plan).values()) == 1
    assert plan.figures.repeated_mentee_pairs == 0
    assert plan.figures.meetings_short == 0
    for seating in plan.rounds:
        assert [len(table.mentee_ids) for table in seating.tables] == [size] * groups

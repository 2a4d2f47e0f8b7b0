from __future__ import annotations

from collections import Counter
from itertools import combinations

from bot.events import EventSpec, Expert, Mentee, plan_event
from bot.events.designs import reed_solomon_rows


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


def test_32_golfers_in_fours_play_nine_rounds_without_meeting_anyone_twice() -> None:
    experts, mentees, spec = _golfers(8, 4, 10)
    plan = plan_event(experts, mentees, spec, search_seconds=0)
    pairs: Counter[tuple[str, str]] = Counter()
    for seating in plan.rounds[:9]:
        for table in seating.tables:
            pairs.update(combinations(sorted(table.mentee_ids), 2))
    assert max(pairs.values()) == 1
    assert plan.figures.repeated_mentee_pairs <= 16

import os
import random
import subprocess
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.coffee import (
    Member,
    PairingMode,
    PairingRequest,
    PairingResult,
    PastRound,
    meetings_in_window,
    pair_members,
)
from bot.coffee.engine import LONE_MEMBER_REASON, NEVER_PAIR_REASON


def _examples(default: int) -> int:
    """COFFEE_STRESS=N multiplies every example count, for a long soak before a change."""
    return default * int(os.environ.get("COFFEE_STRESS", "1"))


QUICK = settings(
    max_examples=_examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def people(count: int, prefix: str = "p") -> list[Member]:
    return [Member(f"{prefix}{index:02d}") for index in range(count)]


def play_rounds(
    members: Sequence[Member],
    rounds: int,
    window: int,
    group_size: int = 2,
    mode: PairingMode = "anyone",
    seed: int = 0,
) -> tuple[list[PastRound], list[PairingResult]]:
    history: list[PastRound] = []
    results = []
    for number in range(1, rounds + 1):
        result = pair_members(
            PairingRequest(members, history, group_size, mode, window, seed=seed * 1000 + number)
        )
        results.append(result)
        history.append(PastRound(number, tuple(group.person_ids for group in result.groups)))
    return history, results


def seated(result: PairingResult) -> list[str]:
    return [person for group in result.groups for person in group.person_ids]


def repeat_cost(result: PairingResult, upcoming: int) -> tuple[int, int]:
    """Number of repeats, then how recent they are in total (lower is older)."""
    return len(result.repeats), sum(met - upcoming for _, _, met in result.repeats)


@st.composite
def channels(draw: st.DrawFn) -> tuple[list[Member], frozenset[str], list[PastRound]]:
    count = draw(st.integers(0, 30))
    ids = [f"u{index}" for index in range(count)]
    members = []
    for person in ids:
        blocked = draw(st.lists(st.sampled_from(ids), max_size=3)) if ids else []
        members.append(
            Member(
                person,
                level=draw(st.integers(0, 2)),
                is_mentor=draw(st.booleans()),
                specialty=draw(st.sampled_from([None, "surgery", "cardiology", "pediatrics"])),
                never_pair=frozenset(blocked),
            )
        )
    excluded = frozenset(draw(st.lists(st.sampled_from(ids), max_size=5))) if ids else frozenset()
    former = ["gone1", "gone2"]
    history = []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        pool = draw(st.permutations(ids + former))
        history.append(
            PastRound(number, tuple(tuple(pool[i : i + 2]) for i in range(0, len(pool) - 1, 2)))
        )
    return members, excluded, history


@QUICK
@given(
    channels(),
    st.sampled_from([2, 3]),
    st.sampled_from(["anyone", "cross_level", "cross_specialty"]),
    st.integers(0, 10**6),
)
def test_everyone_present_is_seated_once_or_told_why_and_hard_rules_hold(
    channel: tuple[list[Member], frozenset[str], list[PastRound]],
    group_size: int,
    mode: PairingMode,
    seed: int,
) -> None:
    members, excluded, history = channel
    result = pair_members(PairingRequest(members, history, group_size, mode, 4, seed, excluded))
    present = {m.person_id for m in members} - excluded
    placed = seated(result)
    unplaced = [entry.person_id for entry in result.unplaced]
    assert sorted(placed + unplaced) == sorted(present)
    assert len(set(placed)) == len(placed)
    assert all(entry.reason for entry in result.unplaced)
    assert not set(placed) & excluded
    by_id = {m.person_id: m for m in members}
    for group in result.groups:
        assert len(group.person_ids) >= 2
        for first, second in combinations(group.person_ids, 2):
            assert second not in by_id[first].never_pair
            assert first not in by_id[second].never_pair
    if not any(m.never_pair for m in members):
        assert len(unplaced) == (1 if len(present) == 1 else 0)


@settings(max_examples=_examples(60), deadline=None)
@given(st.sampled_from([6, 8, 10, 12]), st.data())
def test_no_repeats_within_the_window_whenever_a_fresh_pairing_exists(
    count: int, data: st.DataObject
) -> None:
    # Each round of pairs adds one partner per person, so within a window of K rounds
    # everyone has met at most K others; while K <= count/2 - 1 the people not yet met
    # form a graph of degree >= count/2, which by Dirac's theorem has a perfect matching.
    window = data.draw(st.integers(1, count // 2 - 1))
    seed = data.draw(st.integers(0, 10**6))
    _, results = play_rounds(people(count), 3 * window + 3, window, seed=seed)
    assert [len(result.repeats) for result in results] == [0] * len(results)


@settings(max_examples=_examples(10), deadline=None)
@given(st.integers(0, 10**6))
def test_trios_never_repeat_while_the_window_allows(seed: int) -> None:
    # Nine people, window of one round: the six not met last round always hold a trio
    # cover (Corrádi-Hajnal: minimum degree 6 >= 2n/3).
    _, results = play_rounds(people(9), 8, 1, group_size=3, seed=seed)
    assert all(not result.repeats for result in results)
    assert all(len(g.person_ids) == 3 for result in results for g in result.groups)


def test_when_everyone_has_met_the_oldest_pairs_meet_again() -> None:
    members = people(4)
    history, results = play_rounds(members, 3, window=12)
    assert all(not result.repeats for result in results)
    fourth = pair_members(PairingRequest(members, history, 2, "anyone", 12, seed=7))
    assert [group.person_ids for group in fourth.groups] == sorted(history[0].groups)
    assert [met for _, _, met in fourth.repeats] == [1, 1]


def _brute_force_best(members: Sequence[Member], history: Sequence[PastRound]) -> tuple[int, int]:
    met = meetings_in_window(history, 12)
    upcoming = len(history) + 1

    def matchings(rest: list[str]) -> list[list[tuple[str, str]]]:
        if not rest:
            return [[]]
        first, others = rest[0], rest[1:]
        return [
            [(first, partner), *more]
            for partner in others
            for more in matchings([p for p in others if p != partner])
        ]

    best = None
    for matching in matchings(sorted(m.person_id for m in members)):
        rounds = [met[pair] for pair in matching if pair in met]
        cost = (len(rounds), sum(number - upcoming for number in rounds))
        best = cost if best is None else min(best, cost)
    assert best is not None
    return best


@settings(max_examples=_examples(80), deadline=None)
@given(st.sampled_from([4, 6, 8]), st.integers(1, 12), st.integers(0, 10**6))
def test_unavoidable_repeats_are_the_fewest_and_oldest_possible(
    count: int, rounds: int, seed: int
) -> None:
    members = people(count)
    rng = random.Random(seed)
    history = []
    for number in range(1, rounds + 1):
        order = [m.person_id for m in members]
        rng.shuffle(order)
        history.append(
            PastRound(number, tuple(tuple(order[i : i + 2]) for i in range(0, count, 2)))
        )
    result = pair_members(PairingRequest(members, history, 2, "anyone", 12, seed))
    assert repeat_cost(result, rounds + 1) == _brute_force_best(members, history)


@pytest.mark.parametrize(("count", "group_size", "sizes"), [
    (7, 2, ((2, 2), (3, 1))),
    (3, 2, ((3, 1),)),
    (10, 3, ((2, 2), (3, 2))),
    (8, 3, ((2, 1), (3, 2))),
    (2, 3, ((2, 1),)),
])  # fmt: skip
def test_odd_numbers_get_the_documented_group_sizes(
    count: int, group_size: int, sizes: tuple[tuple[int, int], ...]
) -> None:
    result = pair_members(PairingRequest(people(count), group_size=group_size, seed=3))
    assert result.figures.group_sizes == sizes
    assert not result.unplaced


def test_a_lone_member_is_reported_with_a_reason_and_an_empty_channel_makes_nothing() -> None:
    alone = pair_members(PairingRequest(people(2), excluded=frozenset({"p01"})))
    assert alone.groups == ()
    assert [(u.person_id, u.reason) for u in alone.unplaced] == [("p00", LONE_MEMBER_REASON)]
    empty = pair_members(PairingRequest([]))
    assert empty.groups == () and empty.unplaced == ()


def test_someone_who_refuses_everyone_is_unplaced_with_a_reason_not_dropped() -> None:
    members = [Member("a", never_pair=frozenset({"b", "c"})), Member("b"), Member("c")]
    result = pair_members(PairingRequest(members, seed=1))
    assert [group.person_ids for group in result.groups] == [("b", "c")]
    assert [(u.person_id, u.reason) for u in result.unplaced] == [("a", NEVER_PAIR_REASON)]


def test_never_pair_holds_even_when_it_forces_a_repeat() -> None:
    members = [Member("a", never_pair=frozenset({"b"})), Member("b"), Member("c"), Member("d")]
    history = [PastRound(1, (("a", "c"), ("b", "d"))), PastRound(2, (("a", "d"), ("b", "c")))]
    for seed in range(5):
        result = pair_members(PairingRequest(members, history, seed=seed))
        assert [group.person_ids for group in result.groups] == [("a", "c"), ("b", "d")]
        assert result.repeats == (("a", "c", 1), ("b", "d", 1))


@settings(max_examples=_examples(30), deadline=None)
@given(st.integers(1, 12), st.integers(0, 14), st.sampled_from([2, 3]), st.integers(0, 99))
def test_cross_level_groups_are_led_by_a_senior_mentor_and_mentors_wait_for_mentees(
    mentors: int, mentees: int, group_size: int, seed: int
) -> None:
    members = [Member(f"m{i}", level=2, is_mentor=True) for i in range(mentors)] + [
        Member(f"e{i}", level=i % 2) for i in range(mentees)
    ]
    if len(members) < 2:
        return
    result = pair_members(
        PairingRequest(members, group_size=group_size, mode="cross_level", seed=seed)
    )
    by_id = {m.person_id: m for m in members}
    mentor_counts = [sum(by_id[p].is_mentor for p in g.person_ids) for g in result.groups]
    if any(count == 0 for count in mentor_counts):
        assert all(count <= 1 for count in mentor_counts)
    if any(
        count == len(g.person_ids) for count, g in zip(mentor_counts, result.groups, strict=True)
    ):
        assert all(count >= 1 for count in mentor_counts)
    for group in result.groups:
        if group.mentor_id is not None:
            assert group.person_ids[0] == group.mentor_id
            lead = by_id[group.mentor_id]
            assert all(
                by_id[p].level < lead.level for p in group.person_ids if not by_id[p].is_mentor
            )
    if mentees and mentors * (group_size - 1) >= mentees:
        assert result.figures.groups_without_mentor == 0


def test_cross_level_puts_each_mentee_with_a_mentor_more_senior_than_them() -> None:
    members = [
        Member("fellow", level=1, is_mentor=True),
        Member("attending", level=2, is_mentor=True),
        Member("resident", level=1),
        Member("student", level=0),
    ]
    for seed in range(5):
        result = pair_members(PairingRequest(members, mode="cross_level", seed=seed))
        assert {group.person_ids for group in result.groups} == {
            ("attending", "resident"),
            ("fellow", "student"),
        }


def test_cross_specialty_avoids_same_specialty_groups_when_possible() -> None:
    members = [
        Member(f"{specialty}{index}", specialty=specialty)
        for specialty in ("cardiology", "surgery")
        for index in range(6)
    ]
    for seed in range(5):
        result = pair_members(PairingRequest(members, mode="cross_specialty", seed=seed))
        assert result.figures.same_specialty_groups == 0


def test_same_seed_same_round_whatever_the_member_order_and_other_seeds_differ() -> None:
    members = people(20)
    history, _ = play_rounds(members, 3, window=12)
    request = PairingRequest(members, history, 2, "anyone", 12, seed=42)
    reordered = PairingRequest(list(reversed(members)), history, 2, "anyone", 12, seed=42)
    assert pair_members(request) == pair_members(reordered)
    outcomes = {
        pair_members(PairingRequest(members, history, 2, "anyone", 12, seed=s)).groups
        for s in range(5)
    }
    assert len(outcomes) == 5


def test_same_seed_same_round_across_interpreter_hash_seeds() -> None:
    script = (
        "from bot.coffee import Member, PairingRequest, pair_members\n"
        "ms = [Member(f'p{i}', specialty=['a', 'b', None][i % 3], is_mentor=i % 4 == 0,"
        " never_pair=frozenset({f'p{(i * 7) % 30}', f'p{(i + 3) % 30}'})) for i in range(30)]\n"
        "for mode in ('anyone', 'cross_level', 'cross_specialty'):\n"
        "    print(pair_members(PairingRequest(ms, (), 3, mode, seed=9)))\n"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_people_who_left_the_channel_are_ignored_in_history() -> None:
    members = people(4)
    history = [PastRound(1, (("p00", "gone"), ("p01", "p02"), ("p03", "left")))]
    result = pair_members(PairingRequest(members, history, seed=1))
    assert sorted(seated(result)) == ["p00", "p01", "p02", "p03"]
    assert result.repeats == ()


def test_meetings_older_than_the_window_do_not_count() -> None:
    history = [PastRound(number, (("a", "b"),)) for number in (1, 2)] + [
        PastRound(number, (("c", "d"),)) for number in range(3, 6)
    ]
    assert meetings_in_window(history, 3) == {("c", "d"): 5}
    assert meetings_in_window(history, 5) == {("a", "b"): 2, ("c", "d"): 5}
    assert meetings_in_window(history, 0) == {}


@pytest.mark.parametrize("bad", [
    {"group_size": 4},
    {"mode": "everyone"},
    {"window": -1},
    {"members": [Member("x"), Member("x")]},
])  # fmt: skip
def test_invalid_requests_are_refused(bad: dict[str, object]) -> None:
    fields: dict[str, object] = {"members": people(4)} | bad
    with pytest.raises(ValueError):
        pair_members(PairingRequest(**fields))  # type: ignore[arg-type]

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from bot.events import EventSpec, Expert, Mentee, StopKind, plan_event
from bot.events.engine import SeatingEngine
from bot.events.roster import build_roster
from bot.events.scoring import SCALE, rank_points
from tests.events.instances import events, seated_experts, skewed_event

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The whole-schedule search gets a short budget in the property tests.
QUICK = 0.05


@FAST
@given(events())
def test_nobody_meets_the_same_expert_twice(
    event: tuple[list[Expert], list[Mentee], EventSpec],
) -> None:
    experts, mentees, spec = event
    plan = plan_event(experts, mentees, spec, seed=3, search_seconds=QUICK)
    for itinerary in plan.itineraries:
        met = seated_experts(plan, itinerary.mentee_id)
        assert len(met) == len(set(met))
    assert plan.figures.expert_repeats == 0


@FAST
@given(events())
def test_every_table_stays_within_the_organizers_range(
    event: tuple[list[Expert], list[Mentee], EventSpec],
) -> None:
    experts, mentees, spec = event
    plan = plan_event(experts, mentees, spec, search_seconds=QUICK)
    for seating in plan.rounds:
        sizes = {len(table.mentee_ids) for table in seating.tables}
        if sizes:
            assert spec.table_min <= min(sizes) and max(sizes) <= spec.table_max


@FAST
@given(events())
def test_every_participant_is_in_exactly_one_place_each_round(
    event: tuple[list[Expert], list[Mentee], EventSpec],
) -> None:
    experts, mentees, spec = event
    plan = plan_event(experts, mentees, spec, search_seconds=QUICK)
    participants = {itinerary.mentee_id for itinerary in plan.itineraries}
    waiting = {entry.mentee_id for entry in plan.waitlist}
    assert participants | waiting == {m.mentee_id for m in mentees}
    assert not participants & waiting
    for seating in plan.rounds:
        places = Counter(m for table in seating.tables for m in table.mentee_ids)
        places.update(seating.free_mentee_ids)
        assert places == Counter(participants)


@FAST
@given(events())
def test_absent_experts_are_never_seated(
    event: tuple[list[Expert], list[Mentee], EventSpec],
) -> None:
    experts, mentees, spec = event
    plan = plan_event(experts, mentees, spec, search_seconds=QUICK)
    by_id = {expert.expert_id: expert for expert in experts}
    for seating in plan.rounds:
        for table in seating.tables:
            assert by_id[table.expert_id].present_in(seating.round_number)


@FAST
@given(events())
def test_same_seed_same_plan(event: tuple[list[Expert], list[Mentee], EventSpec]) -> None:
    experts, mentees, spec = event
    same = [plan_event(experts, mentees, spec, seed=7, search_seconds=QUICK) for _ in range(2)]
    assert same[0] == same[1]


@FAST
@given(events())
def test_figures_never_beat_the_bound(event: tuple[list[Expert], list[Mentee], EventSpec]) -> None:
    experts, mentees, spec = event
    figures = plan_event(experts, mentees, spec, search_seconds=QUICK).figures
    assert figures.preference_points <= figures.preference_bound + 1e-6


def test_everyone_meets_one_expert_per_round_with_few_repeated_pairs() -> None:
    experts, mentees = skewed_event(60, 12, 5)
    plan = plan_event(experts, mentees, EventSpec(rounds=5, table_min=3, table_max=6))
    assert not plan.waitlist
    assert all(it.meetings == 5 for it in plan.itineraries)
    assert plan.figures.repeated_mentee_pairs == 0
    assert plan.figures.preference_ratio >= 0.85


def test_rank_one_topic_is_honoured_when_there_is_room() -> None:
    experts = [
        Expert("a", "Dr A", "cardiology", "1"),
        Expert("b", "Dr B", "surgery", "2"),
    ]
    mentees = [Mentee("x", "X", ("surgery",)), Mentee("y", "Y", ("cardiology",))]
    plan = plan_event(experts, mentees, EventSpec(rounds=1, table_min=1, table_max=1))
    assert plan.seats()[1] == {"a": ("y",), "b": ("x",)}


def test_more_mentees_than_seats_waitlists_the_latest_registrations() -> None:
    experts = [Expert(f"e{i}", f"Dr {i}", "ICU", f"T{i}") for i in range(3)]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", ("ICU",)) for i in range(20)]
    plan = plan_event(experts, mentees, EventSpec(rounds=3, table_min=2, table_max=5))
    assert [entry.mentee_id for entry in plan.waitlist] == [f"m{i}" for i in range(15, 20)]
    assert all("event full" in entry.reason for entry in plan.waitlist)
    assert all(it.meetings == 3 for it in plan.itineraries)


def test_too_few_mentees_for_a_table_are_all_waitlisted_with_the_reason() -> None:
    experts = [Expert("e", "Dr E", "ICU", "T")]
    plan = plan_event(experts, [Mentee("m", "M")], EventSpec(rounds=2, table_min=3, table_max=5))
    assert [entry.mentee_id for entry in plan.waitlist] == ["m"]
    assert "too few mentees" in plan.waitlist[0].reason


def test_fewer_experts_than_rounds_gives_explicit_free_rounds() -> None:
    experts = [Expert(f"e{i}", f"Dr {i}", "ICU", f"T{i}") for i in range(3)]
    mentees = [Mentee(f"m{i}", f"Mentee {i}") for i in range(10)]
    plan = plan_event(experts, mentees, EventSpec(rounds=5, table_min=1, table_max=10))
    for itinerary in plan.itineraries:
        kinds = Counter(stop.kind for stop in itinerary.stops)
        assert kinds == {StopKind.SEATED: 3, StopKind.FREE_ROUND: 2}
        assert len(set(seated_experts(plan, itinerary.mentee_id))) == 3
    assert plan.figures.repeated_mentee_pairs == 0


def test_an_expert_missing_a_round_is_worked_around() -> None:
    experts = [
        Expert("a", "Dr A", "ICU", "1", frozenset({2})),
        Expert("b", "Dr B", "ICU", "2"),
        Expert("c", "Dr C", "ICU", "3"),
        Expert("d", "Dr D", "ICU", "4"),
    ]
    mentees = [Mentee(f"m{i}", f"Mentee {i}") for i in range(6)]
    plan = plan_event(experts, mentees, EventSpec(rounds=3, table_min=1, table_max=6))
    assert "a" not in plan.seats()[2]
    assert plan.figures.expert_repeats == 0
    assert plan.figures.meetings_short == 0


def test_two_present_experts_on_one_table_is_an_error() -> None:
    experts = [Expert("a", "Dr A", "ICU", "1"), Expert("b", "Dr B", "ICU", "1")]
    with pytest.raises(ValueError, match="share table 1"):
        plan_event(experts, [], EventSpec(rounds=1, table_min=1, table_max=2))


def test_duplicate_ids_are_an_error() -> None:
    experts = [Expert("a", "Dr A", "ICU", "1")]
    with pytest.raises(ValueError, match="repeated: m"):
        plan_event(experts, [Mentee("m", "M"), Mentee("m", "M2")], EventSpec(1, 1, 2))


def test_no_expert_at_all_waitlists_everyone_with_the_reason() -> None:
    experts = [Expert("e", "Dr E", "ICU", "T", frozenset({1, 2}))]
    plan = plan_event(experts, [Mentee("m", "M")], EventSpec(rounds=2, table_min=1, table_max=3))
    assert [entry.reason for entry in plan.waitlist] == [
        "no expert is present in any of the rounds being planned"
    ]
    assert plan.itineraries == ()


def test_tables_stay_even_when_nothing_is_gained_by_unevenness() -> None:
    experts = [Expert(f"e{i}", f"Dr {i}", "ICU", f"T{i}") for i in range(4)]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", ("ICU",)) for i in range(22)]
    plan = plan_event(experts, mentees, EventSpec(rounds=3, table_min=2, table_max=9))
    for seating in plan.rounds:
        sizes = sorted(len(table.mentee_ids) for table in seating.tables)
        assert sizes == [5, 5, 6, 6]


def test_trading_seats_across_rounds_cuts_repeated_pairs_with_few_experts() -> None:
    topics = ["cardiology", "surgery", "research", "careers"]
    experts = [Expert(f"e{i}", f"Expert {i}", topics[i], f"T{i}") for i in range(4)]
    # one more mentee than the stored few-experts schedule holds
    mentees = [Mentee(f"m{i}", f"Mentee {i}", (topics[i % 4],)) for i in range(31)]
    spec = EventSpec(rounds=6, table_min=4, table_max=8)
    without = plan_event(experts, mentees, spec, search_seconds=0).figures
    plan = plan_event(experts, mentees, spec)
    searched = plan.figures
    assert searched.expert_repeats == 0 and searched.meetings_short == 0
    for seating in plan.rounds:
        assert all(4 <= len(table.mentee_ids) <= 8 for table in seating.tables)
    assert searched.repeated_mentee_pairs < without.repeated_mentee_pairs


def test_nobody_misses_an_expert_because_too_few_were_left_to_open_a_late_table() -> None:
    # 28 mentees, each keen on one topic, meet 4 experts over 6 rounds at tables of 4 to
    # 8: seated round by round, the last few who still need an expert were too few to
    # open that table, and 4 meetings went missing.
    topics = ["cardiology", "surgery", "research", "careers"]
    experts = [Expert(f"e{i}", f"Expert {i}", topics[i], f"T{i}") for i in range(4)]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", (topics[i % 4],)) for i in range(28)]
    plan = plan_event(experts, mentees, EventSpec(rounds=6, table_min=4, table_max=8))
    assert plan.figures.meetings_short == 0
    assert plan.figures.expert_repeats == 0
    for itinerary in plan.itineraries:
        met = {stop.expert_id for stop in itinerary.stops if stop.expert_id}
        assert len(met) == 4
    for seating in plan.rounds:
        assert all(4 <= len(table.mentee_ids) <= 8 for table in seating.tables)


def test_a_popular_table_fills_up_to_the_organizers_maximum() -> None:
    experts = [
        Expert("e0", "Dr ICU", "ICU", "T0"),
        Expert("e1", "Dr Surgery", "surgery", "T1"),
        Expert("e2", "Dr Research", "research", "T2"),
    ]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", ("ICU",)) for i in range(9)] + [
        Mentee(f"n{i}", f"Mentee n{i}") for i in range(3)
    ]
    plan = plan_event(experts, mentees, EventSpec(rounds=1, table_min=2, table_max=6), 0, QUICK)
    icu = next(table for table in plan.rounds[0].tables if table.expert_id == "e0")
    assert len(icu.mentee_ids) == 6
    assert all(2 <= len(table.mentee_ids) <= 6 for table in plan.rounds[0].tables)


def test_no_preference_gain_is_worth_a_pair_meeting_twice() -> None:
    # Four mentees who only want topic A, hosted by two experts, over two rounds. The
    # search starts from a plan earning 27.5 points with one pair meeting twice, which
    # beats the best repeat-free plan (25 points) when a repeat weighs two points; it must
    # still end repeat-free.
    experts = [
        Expert("a1", "Dr A1", "A", "1"),
        Expert("a2", "Dr A2", "A", "2"),
        Expert("b1", "Dr B1", "B", "3"),
    ]
    spec = EventSpec(rounds=2, table_min=1, table_max=4)
    roster = build_roster(
        spec,
        experts,
        [(f"m{i}", ("A",)) for i in range(4)],
        np.ones((2, 4), dtype=np.bool_),
        [2, 2, 2, 2],
    )
    engine = SeatingEngine(roster, seed=0)
    engine.adopt(np.array([[0, 0, 1, 1], [1, 2, 0, 0]]))
    assert engine.objective() == (0, 0, 1, -round(27.5 * SCALE))
    engine.search(0, search_seconds=0.2)
    assert engine.objective() == (0, 0, 0, -25 * SCALE)


def test_a_small_event_is_solved_whole_and_repeats_half_the_pairs_of_the_search_alone() -> None:
    # Nine mentees meet all four experts, three tables of three a round: the search alone
    # leaves 12 pairs meeting twice, CP-SAT on the whole event finds a plan with 6.
    experts = [Expert(f"e{i}", f"Dr {i}", topic, f"T{i}") for i, topic in enumerate("ABCB")]
    ranked = ["BA", "BD", "AD", "CD", "AD", "CA", "AD", "BC", "BC"]
    mentees = [Mentee(f"m{i}", f"Mentee {i}", tuple(topics)) for i, topics in enumerate(ranked)]
    spec = EventSpec(rounds=4, table_min=3, table_max=3)
    plan = plan_event(experts, mentees, spec)
    assert plan.figures.meetings_short == 0
    assert plan.figures.expert_repeats == 0
    assert plan.figures.repeated_mentee_pairs <= 6


def test_the_bound_is_what_the_best_seating_earns_when_seats_are_scarce() -> None:
    experts = [Expert("e0", "Dr. A", "cardiology", "1"), Expert("e1", "Dr. B", "surgery", "2")]
    mentees = [
        Mentee("m0", "Ana", ("cardiology", "surgery")),
        Mentee("m1", "Ben", ("cardiology", "surgery")),
    ]
    spec = EventSpec(rounds=1, table_min=1, table_max=1)

    figures = plan_event(experts, mentees, spec, search_seconds=QUICK).figures

    # One round, one seat a table: only one of them can have their first choice.
    assert figures.preference_bound == rank_points(1) + rank_points(2)
    assert figures.preference_points == figures.preference_bound

from __future__ import annotations

from dataclasses import replace

from bot.events import EventSpec, Expert, Mentee, Plan, StopKind, plan_event, replan
from tests.events.instances import seated_experts, skewed_event

SPEC = EventSpec(rounds=5, table_min=3, table_max=7)


def _event() -> tuple[Plan, list[Expert], list[Mentee]]:
    experts, mentees = skewed_event(60, 12, 5, seed=4)
    return plan_event(experts, mentees, SPEC, seed=2), experts, mentees


def _assert_sound(plan: Plan) -> None:
    assert plan.figures.expert_repeats == 0
    for itinerary in plan.itineraries:
        met = seated_experts(plan, itinerary.mentee_id)
        assert len(met) == len(set(met))
    for seating in plan.rounds:
        sizes = [len(table.mentee_ids) for table in seating.tables]
        assert SPEC.table_min <= min(sizes) and max(sizes) <= SPEC.table_max


def test_nothing_changed_means_nobody_is_told() -> None:
    plan, experts, mentees = _event()
    result = replan(plan, experts, mentees, SPEC, from_round=3)
    assert result.changes == ()
    assert result.mentees_to_notify == ()
    assert result.plan.rounds == plan.rounds


def test_expert_no_show_moves_only_their_mentees_in_later_rounds() -> None:
    plan, experts, mentees = _event()
    gone = experts[3].expert_id
    experts[3] = replace(experts[3], absent_rounds=frozenset({3, 4, 5}))
    result = replan(plan, experts, mentees, SPEC, from_round=3)
    new = result.plan
    _assert_sound(new)
    assert new.rounds[:2] == plan.rounds[:2]
    assert all(change.round_number >= 3 for change in result.changes)
    for seating in new.rounds[2:]:
        assert gone not in {table.expert_id for table in seating.tables}
    displaced = sum(
        len(table.mentee_ids)
        for seating in plan.rounds[2:]
        for table in seating.tables
        if table.expert_id == gone
    )
    assert len(result.changes) <= 2 * displaced
    assert len(result.mentees_to_notify) < len(new.itineraries) // 2


def test_leaving_it_out_of_the_list_also_marks_the_expert_absent() -> None:
    plan, experts, mentees = _event()
    gone = experts.pop(5).expert_id
    new = replan(plan, experts, mentees, SPEC, from_round=4).plan
    assert gone in {table.expert_id for table in new.rounds[0].tables}
    assert all(gone not in {t.expert_id for t in r.tables} for r in new.rounds[3:])


def test_mentee_no_show_changes_few_seats() -> None:
    plan, experts, mentees = _event()
    gone = mentees.pop(10).mentee_id
    result = replan(plan, experts, mentees, SPEC, from_round=2)
    _assert_sound(result.plan)
    assert gone not in result.mentees_to_notify
    assert result.plan.itinerary(gone).stops[0].kind is StopKind.SEATED
    assert all(
        stop.kind is StopKind.NOT_ATTENDING for stop in result.plan.itinerary(gone).stops[1:]
    )
    assert len(result.mentees_to_notify) <= 8


def test_late_joiner_is_seated_in_the_remaining_rounds_with_few_changes() -> None:
    plan, experts, mentees = _event()
    mentees.append(Mentee("late", "Late Comer", ("topic 0", "topic 1")))
    result = replan(plan, experts, mentees, SPEC, from_round=3)
    _assert_sound(result.plan)
    stops = result.plan.itinerary("late").stops
    assert [stop.kind for stop in stops[:2]] == [StopKind.NOT_ATTENDING] * 2
    assert all(stop.kind is StopKind.SEATED for stop in stops[2:])
    assert "late" in result.mentees_to_notify
    assert len(result.mentees_to_notify) <= 6
    assert result.plan.rounds[:2] == plan.rounds[:2]


def test_late_joiner_when_full_is_waitlisted_and_told() -> None:
    experts, mentees = skewed_event(12, 3, 3)
    spec = EventSpec(rounds=3, table_min=2, table_max=4)
    plan = plan_event(experts, mentees, spec)
    result = replan(plan, experts, [*mentees, Mentee("late", "Late")], spec, from_round=2)
    assert [entry.mentee_id for entry in result.plan.waitlist] == ["late"]
    assert result.mentees_to_notify == ("late",)
    assert result.changes == ()

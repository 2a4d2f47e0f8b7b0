"""Plan a speed-mentoring event, and repair the plan on the day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from bot.events.admission import admit, check_tables, check_unique, presence
from bot.events.assemble import assemble
from bot.events.bound import preference_bound
from bot.events.design_fit import (
    design_assignment,
    few_experts_assignment,
    opening_rounds_design,
)
from bot.events.engine import SeatingEngine
from bot.events.exact import small_enough, solve_exactly
from bot.events.model import (
    EventSpec,
    Expert,
    Mentee,
    Plan,
    Replan,
    SeatChange,
    StopKind,
    WaitlistEntry,
)
from bot.events.roster import (
    NOT_PLANNED,
    UNSEATED,
    BoolArray,
    IntArray,
    Roster,
    build_roster,
    most_distinct_experts,
)
from bot.events.scoring import preference_points

# Default CPU budget of the whole-schedule search, per plan.
SEARCH_SECONDS = 1.0
# Share of that budget CP-SAT may take on a small event, when that share at least pays
# for building its model.
EXACT_SHARE = 0.5
EXACT_SECONDS_AT_LEAST = 0.1


def plan_event(
    experts: Sequence[Expert],
    mentees: Sequence[Mentee],
    spec: EventSpec,
    seed: int = 0,
    search_seconds: float = SEARCH_SECONDS,
) -> Plan:
    """Seat mentees at expert tables for every round; the same inputs and seed give the same plan.

    Mentees who cannot get a full itinerary are waitlisted in registration (list) order.
    The whole-schedule search stops after `search_seconds` of CPU time at the latest.
    """
    check_unique(experts, mentees)
    check_tables(experts, spec)
    present = presence(experts, spec)
    reachable = most_distinct_experts(present)
    admitted, waitlist = admit(
        [], [(mentee.mentee_id, reachable) for mentee in mentees], present, spec
    )
    by_id = {mentee.mentee_id: mentee for mentee in mentees}
    participants = [by_id[mentee_id] for mentee_id in admitted]
    attending = np.ones((spec.rounds, len(participants)), dtype=np.bool_)
    targets = [reachable] * len(participants)
    roster = build_roster(
        spec,
        experts,
        [(m.mentee_id, m.ranked_topics) for m in participants],
        attending,
        targets,
    )
    engine = SeatingEngine(roster, seed)
    bound = preference_bound(roster, 0, roster.targets, engine.met_expert, engine.topic_count)
    engine.seat_rounds(0)
    _prefer_design(roster, engine, seed)
    exact_seconds = search_seconds * EXACT_SHARE
    if not small_enough(roster) or exact_seconds < EXACT_SECONDS_AT_LEAST:
        exact_seconds = 0.0
    proven = _solve_small_exactly(roster, engine, seed, exact_seconds)
    engine.search(0, search_seconds - exact_seconds, walk=not proven)
    return assemble(roster, engine, tuple(experts), tuple(mentees), waitlist, targets, bound, seed)


def replan(
    plan: Plan,
    experts: Sequence[Expert],
    mentees: Sequence[Mentee],
    spec: EventSpec,
    from_round: int,
    search_seconds: float = SEARCH_SECONDS,
) -> Replan:
    """Re-plan rounds from `from_round` on, keeping every still-valid seat that it can.

    Mark an expert absent through absent_rounds (or leave them out: they are then absent
    from `from_round` on). A mentee left out has gone home; a new mentee is a late joiner,
    seated from `from_round` if seats allow, otherwise waitlisted. Earlier rounds are kept
    exactly as planned.
    """
    if spec.rounds != plan.spec.rounds:
        raise ValueError("replan cannot change the number of rounds")
    if not 1 <= from_round <= spec.rounds:
        raise ValueError(f"from_round must be within 1..{spec.rounds}, got {from_round}")
    check_unique(experts, mentees)
    later = frozenset(range(from_round, spec.rounds + 1))
    listed_experts = {expert.expert_id for expert in experts}
    all_experts = tuple(experts) + tuple(
        replace(expert, absent_rounds=expert.absent_rounds | later)
        for expert in plan.experts
        if expert.expert_id not in listed_experts
    )
    check_tables(all_experts, spec, from_round)
    listed_mentees = {mentee.mentee_id for mentee in mentees}
    departed = {m.mentee_id for m in plan.mentees if m.mentee_id not in listed_mentees}
    all_mentees = tuple(mentees) + tuple(m for m in plan.mentees if m.mentee_id in departed)
    history = _HistoryView(plan, all_experts, from_round)

    present = presence(all_experts, spec)
    participant_ids, waitlist, need_of, reachable_later = _replan_participants(
        plan, mentees, history, present, departed
    )
    attending, planning_targets, figure_targets = _replan_targets(
        plan, participant_ids, history, need_of, departed, reachable_later
    )
    by_id = {mentee.mentee_id: mentee for mentee in all_mentees}
    roster = build_roster(
        spec,
        all_experts,
        [(mentee_id, by_id[mentee_id].ranked_topics) for mentee_id in participant_ids],
        attending,
        planning_targets,
    )
    previous = history.previous_matrix(participant_ids)
    engine = SeatingEngine(roster, plan.seed, previous)
    for round_index in range(from_round - 1):
        engine.set_history(round_index, previous[round_index])
    needs = np.clip(roster.targets - engine.met_expert.sum(axis=1), 0, None)
    needs[~attending[from_round - 1 :].any(axis=0)] = 0
    bound = preference_points(roster, engine.topic_count) + preference_bound(
        roster, from_round - 1, needs, engine.met_expert, engine.topic_count
    )
    engine.plan(from_round - 1, search_seconds)
    new_plan = assemble(
        roster, engine, all_experts, all_mentees, waitlist, figure_targets, bound, plan.seed
    )
    return _describe_changes(plan, new_plan, from_round, departed)


def _replan_participants(
    plan: Plan,
    mentees: Sequence[Mentee],
    history: _HistoryView,
    present: BoolArray,
    departed: set[str],
) -> tuple[list[str], tuple[WaitlistEntry, ...], dict[str, int], int]:
    """Who takes part from `from_round` on (old columns first), the waitlist, the needs,
    and how many experts a newcomer can meet."""
    from_round = history.from_round
    present_later = present.copy()
    present_later[: from_round - 1] = False
    staying = [
        itinerary.mentee_id for itinerary in plan.itineraries if itinerary.mentee_id not in departed
    ]
    continuing = [
        (mentee_id, history.realisable_need(mentee_id, present_later)) for mentee_id in staying
    ]
    reachable_later = most_distinct_experts(present[from_round - 1 :])
    previously_waiting = [entry.mentee_id for entry in plan.waitlist]
    planned = {itinerary.mentee_id for itinerary in plan.itineraries}
    listed_mentees = {mentee.mentee_id for mentee in mentees}
    newcomers = [
        mentee_id
        for mentee_id in previously_waiting + [m.mentee_id for m in mentees]
        if mentee_id in listed_mentees and mentee_id not in planned
    ]
    admitted_new, waitlist = admit(
        continuing,
        [(mentee_id, reachable_later) for mentee_id in dict.fromkeys(newcomers)],
        present_later,
        plan.spec,
    )
    participant_ids = [it.mentee_id for it in plan.itineraries] + [
        mentee_id for mentee_id in admitted_new if mentee_id not in planned
    ]
    return participant_ids, waitlist, dict(continuing), reachable_later


def _replan_targets(
    plan: Plan,
    participant_ids: Sequence[str],
    history: _HistoryView,
    need_of: dict[str, int],
    departed: set[str],
    reachable_later: int,
) -> tuple[BoolArray, list[int], list[int]]:
    """Attendance per round, and meeting targets for planning and for the figures."""
    from_round = history.from_round
    attending = np.ones((plan.spec.rounds, len(participant_ids)), dtype=np.bool_)
    old_targets = {it.mentee_id: it.target for it in plan.itineraries}
    figure_targets: list[int] = []
    planning_targets: list[int] = []
    for column, mentee_id in enumerate(participant_ids):
        if mentee_id in departed:
            attending[from_round - 1 :, column] = False
        if mentee_id in old_targets:
            planning_targets.append(history.meetings_before(mentee_id) + need_of.get(mentee_id, 0))
            # someone who went home is not short of the meetings they chose to miss
            figure_targets.append(
                planning_targets[-1] if mentee_id in departed else old_targets[mentee_id]
            )
        else:
            attending[: from_round - 1, column] = False
            figure_targets.append(reachable_later)
            planning_targets.append(reachable_later)
    return attending, planning_targets, figure_targets


def _prefer_design(roster: Roster, engine: SeatingEngine, seed: int) -> None:
    """Switch to an algebraic design when it beats the seated schedule.

    A design covering only the opening rounds is completed by the engine first.
    """
    seated, seated_score = engine.assignment.copy(), engine.objective()
    designed = design_assignment(roster, seed)
    if designed is None:
        designed = few_experts_assignment(roster)
    if designed is not None:
        engine.adopt(designed)
    else:
        opening = opening_rounds_design(roster)
        if opening is None:
            return
        engine.adopt(opening)
        empty = [r for r in range(roster.spec.rounds) if (opening[r] == UNSEATED).all()]
        engine.fill(empty, 0)
    if engine.objective() >= seated_score:
        engine.adopt(seated)


def _solve_small_exactly(roster: Roster, engine: SeatingEngine, seed: int, seconds: float) -> bool:
    """Let CP-SAT improve a small event's schedule; True when it proved it the best."""
    if seconds <= 0:
        return False
    result = solve_exactly(roster, engine.assignment, seconds, seed)
    if result is None:
        return False
    seated = engine.assignment.copy()
    before = engine.objective()
    engine.adopt(result.assignment)
    if engine.objective() > before:
        engine.adopt(seated)
        return False
    return result.proven


# --- the old plan, seen from the new roster ----------------------------------------------


@dataclass(frozen=True)
class _HistoryView:
    plan: Plan
    experts: tuple[Expert, ...]
    from_round: int

    def _seat_of(self) -> dict[tuple[int, str], str]:
        return {
            (table.round_number, mentee_id): table.expert_id
            for seating in self.plan.rounds
            for table in seating.tables
            for mentee_id in table.mentee_ids
        }

    def meetings_before(self, mentee_id: str) -> int:
        return sum(
            stop.kind is StopKind.SEATED and stop.round_number < self.from_round
            for stop in self.plan.itinerary(mentee_id).stops
        )

    def realisable_need(self, mentee_id: str, present_later: BoolArray) -> int:
        itinerary = self.plan.itinerary(mentee_id)
        met = {
            stop.expert_id
            for stop in itinerary.stops
            if stop.kind is StopKind.SEATED and stop.round_number < self.from_round
        }
        unmet = np.array([e.expert_id not in met for e in self.experts], dtype=np.bool_)
        possible = most_distinct_experts(present_later & unmet[np.newaxis, :])
        return max(0, min(itinerary.target - len(met), possible))

    def previous_matrix(self, participant_ids: Sequence[str]) -> IntArray:
        column_of = {expert.expert_id: index for index, expert in enumerate(self.experts)}
        seat_of = self._seat_of()
        planned = {it.mentee_id for it in self.plan.itineraries}
        previous = np.full(
            (self.plan.spec.rounds, len(participant_ids)), NOT_PLANNED, dtype=np.int64
        )
        for column, mentee_id in enumerate(participant_ids):
            if mentee_id not in planned:
                continue
            for round_number in self.plan.spec.round_numbers:
                expert_id = seat_of.get((round_number, mentee_id))
                previous[round_number - 1, column] = (
                    UNSEATED if expert_id is None else column_of[expert_id]
                )
        return previous


def _describe_changes(old: Plan, new: Plan, from_round: int, departed: set[str]) -> Replan:
    old_seats, new_seats = old.seats(), new.seats()

    def seat_map(seats: dict[int, dict[str, tuple[str, ...]]], round_number: int) -> dict[str, str]:
        return {
            mentee_id: expert_id
            for expert_id, mentee_ids in seats.get(round_number, {}).items()
            for mentee_id in mentee_ids
        }

    people = [it.mentee_id for it in new.itineraries if it.mentee_id not in departed]
    changes: list[SeatChange] = []
    experts_told: set[str] = set()
    for round_number in range(from_round, new.spec.rounds + 1):
        before, after = seat_map(old_seats, round_number), seat_map(new_seats, round_number)
        changes.extend(
            SeatChange(mentee_id, round_number, before.get(mentee_id), after.get(mentee_id))
            for mentee_id in people
            if before.get(mentee_id) != after.get(mentee_id)
        )
        opened_before = set(old_seats.get(round_number, {}))
        opened_after = set(new_seats.get(round_number, {}))
        still_here = {e.expert_id for e in new.experts if e.present_in(round_number)}
        experts_told |= (opened_before ^ opened_after) & still_here
    old_waiting = {entry.mentee_id for entry in old.waitlist}
    newly_waiting = [e.mentee_id for e in new.waitlist if e.mentee_id not in old_waiting]
    told = dict.fromkeys([change.mentee_id for change in changes] + newly_waiting)
    return Replan(
        plan=new,
        from_round=from_round,
        changes=tuple(changes),
        mentees_to_notify=tuple(told),
        experts_to_notify=tuple(e.expert_id for e in new.experts if e.expert_id in experts_told),
    )

"""Turn the engine's seating matrix into the Plan people see, with its figures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.events.engine import SeatingEngine
from bot.events.model import (
    Expert,
    Itinerary,
    ItineraryStop,
    Mentee,
    Plan,
    PlanFigures,
    RoundSeating,
    StopKind,
    TableSeating,
    TableSizeRange,
    WaitlistEntry,
)
from bot.events.roster import UNSEATED, IntArray, Roster
from bot.events.scoring import TOP_POINTS, preference_points


def assemble(
    roster: Roster,
    engine: SeatingEngine,
    experts: tuple[Expert, ...],
    mentees: tuple[Mentee, ...],
    waitlist: tuple[WaitlistEntry, ...],
    targets: Sequence[int],
    bound: float,
    seed: int,
) -> Plan:
    ids = roster.participant_ids
    assignment = engine.assignment
    rounds = tuple(
        _round_seating(roster, assignment[index], index) for index in range(roster.spec.rounds)
    )
    itineraries = tuple(
        Itinerary(
            mentee_id=mentee_id,
            target=targets[column],
            stops=tuple(
                _stop(roster, round_index, int(assignment[round_index, column]), column)
                for round_index in range(roster.spec.rounds)
            ),
        )
        for column, mentee_id in enumerate(ids)
    )
    figures = _figures(roster, engine, rounds, itineraries, bound, len(waitlist))
    return Plan(
        spec=roster.spec,
        experts=experts,
        mentees=mentees,
        rounds=rounds,
        waitlist=waitlist,
        itineraries=itineraries,
        figures=figures,
        seed=seed,
    )


def _figures(
    roster: Roster,
    engine: SeatingEngine,
    rounds: tuple[RoundSeating, ...],
    itineraries: tuple[Itinerary, ...],
    bound: float,
    waitlisted: int,
) -> PlanFigures:
    sizes = []
    for seating in rounds:
        table_sizes = [len(table.mentee_ids) for table in seating.tables] or [0]
        sizes.append(TableSizeRange(seating.round_number, min(table_sizes), max(table_sizes)))
    ranks = np.where(roster.base_points > 0, TOP_POINTS + 1 - roster.base_points, 0)
    ranked_counts = [
        int(engine.topic_count[ranks == rank].sum()) for rank in range(1, TOP_POINTS + 1)
    ]
    by_rank = (*ranked_counts, int(engine.topic_count[ranks == 0].sum()))
    return PlanFigures(
        preference_points=round(preference_points(roster, engine.topic_count), 2),
        preference_bound=round(bound, 2),
        meetings_by_rank=by_rank,
        table_sizes=tuple(sizes),
        repeated_mentee_pairs=int(np.triu(engine.pair_count > 1, k=1).sum()),
        expert_repeats=int(np.clip(engine.met_expert - 1, 0, None).sum()),
        meetings_short=sum(max(0, it.target - it.meetings) for it in itineraries),
        participants=int(roster.attending.any(axis=0).sum()),
        waitlisted=waitlisted,
    )


def _round_seating(roster: Roster, row: IntArray, round_index: int) -> RoundSeating:
    ids = roster.participant_ids
    round_number = round_index + 1
    tables = tuple(
        TableSeating(
            round_number=round_number,
            expert_id=expert.expert_id,
            table=expert.table,
            topic=expert.topic,
            mentee_ids=tuple(ids[p] for p in np.flatnonzero(row == column).tolist()),
        )
        for column, expert in enumerate(roster.experts)
        if (row == column).any()
    )
    open_ids = {table.expert_id for table in tables}
    return RoundSeating(
        round_number=round_number,
        tables=tables,
        closed_expert_ids=tuple(
            e.expert_id
            for e in roster.experts
            if e.present_in(round_number) and e.expert_id not in open_ids
        ),
        free_mentee_ids=tuple(
            ids[p]
            for p in np.flatnonzero((row == UNSEATED) & roster.attending[round_index]).tolist()
        ),
    )


def _stop(roster: Roster, round_index: int, expert_column: int, column: int) -> ItineraryStop:
    round_number = round_index + 1
    if expert_column >= 0:
        expert = roster.experts[expert_column]
        return ItineraryStop(
            round_number, StopKind.SEATED, expert.expert_id, expert.table, expert.topic
        )
    if roster.attending[round_index, column]:
        return ItineraryStop(round_number, StopKind.FREE_ROUND)
    return ItineraryStop(round_number, StopKind.NOT_ATTENDING)

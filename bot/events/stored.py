"""A published plan as JSON for the database, and back into a Plan that replan() accepts.

Only what cannot be recomputed is stored: the seats, the participants' targets, the
waitlist, the figures and the seed. Experts and mentees come from their own tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.events.model import (
    EventSpec,
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

StoredPlan = dict[str, Any]


def plan_to_json(plan: Plan, version: int) -> StoredPlan:
    """The plan as JSON-ready data; version counts re-plans so their notices stay distinct."""
    figures = plan.figures
    return {
        "version": version,
        "seed": plan.seed,
        "experts": [expert.expert_id for expert in plan.experts],
        "mentees": [mentee.mentee_id for mentee in plan.mentees],
        "participants": [[it.mentee_id, it.target] for it in plan.itineraries],
        "rounds": [
            {
                "round": seating.round_number,
                "tables": {table.expert_id: list(table.mentee_ids) for table in seating.tables},
                "closed": list(seating.closed_expert_ids),
                "free": list(seating.free_mentee_ids),
            }
            for seating in plan.rounds
        ],
        "waitlist": [[entry.mentee_id, entry.reason] for entry in plan.waitlist],
        "figures": {
            "preference_points": figures.preference_points,
            "preference_bound": figures.preference_bound,
            "meetings_by_rank": list(figures.meetings_by_rank),
            "table_sizes": [
                [size.round_number, size.smallest, size.largest] for size in figures.table_sizes
            ],
            "repeated_mentee_pairs": figures.repeated_mentee_pairs,
            "expert_repeats": figures.expert_repeats,
            "meetings_short": figures.meetings_short,
            "participants": figures.participants,
            "waitlisted": figures.waitlisted,
        },
    }


def plan_from_json(
    stored: StoredPlan, spec: EventSpec, experts: Sequence[Expert], mentees: Sequence[Mentee]
) -> Plan:
    """The Plan that was stored, with experts and mentees as they are now."""
    expert_by_id = {expert.expert_id: expert for expert in experts}
    mentee_by_id = {mentee.mentee_id: mentee for mentee in mentees}
    plan_experts = tuple(expert_by_id[e] for e in stored["experts"])
    rounds = tuple(
        RoundSeating(
            round_number=int(entry["round"]),
            tables=tuple(
                TableSeating(
                    round_number=int(entry["round"]),
                    expert_id=expert_id,
                    table=expert_by_id[expert_id].table,
                    topic=expert_by_id[expert_id].topic,
                    mentee_ids=tuple(mentee_ids),
                )
                for expert_id, mentee_ids in entry["tables"].items()
            ),
            closed_expert_ids=tuple(entry["closed"]),
            free_mentee_ids=tuple(entry["free"]),
        )
        for entry in stored["rounds"]
    )
    itineraries = tuple(
        Itinerary(str(mentee_id), int(target), _stops(str(mentee_id), rounds, expert_by_id))
        for mentee_id, target in stored["participants"]
    )
    figures = stored["figures"]
    return Plan(
        spec=spec,
        experts=plan_experts,
        mentees=tuple(mentee_by_id[m] for m in stored["mentees"]),
        rounds=rounds,
        waitlist=tuple(WaitlistEntry(str(m), str(reason)) for m, reason in stored["waitlist"]),
        itineraries=itineraries,
        figures=PlanFigures(
            preference_points=float(figures["preference_points"]),
            preference_bound=float(figures["preference_bound"]),
            meetings_by_rank=tuple(int(n) for n in figures["meetings_by_rank"]),
            table_sizes=tuple(TableSizeRange(*map(int, size)) for size in figures["table_sizes"]),
            repeated_mentee_pairs=int(figures["repeated_mentee_pairs"]),
            expert_repeats=int(figures["expert_repeats"]),
            meetings_short=int(figures["meetings_short"]),
            participants=int(figures["participants"]),
            waitlisted=int(figures["waitlisted"]),
        ),
        seed=int(stored["seed"]),
    )


def _stops(
    mentee_id: str, rounds: tuple[RoundSeating, ...], experts: dict[str, Expert]
) -> tuple[ItineraryStop, ...]:
    stops: list[ItineraryStop] = []
    for seating in rounds:
        table = next((t for t in seating.tables if mentee_id in t.mentee_ids), None)
        if table is not None:
            expert = experts[table.expert_id]
            stops.append(
                ItineraryStop(
                    seating.round_number,
                    StopKind.SEATED,
                    expert.expert_id,
                    expert.table,
                    expert.topic,
                )
            )
        elif mentee_id in seating.free_mentee_ids:
            stops.append(ItineraryStop(seating.round_number, StopKind.FREE_ROUND))
        else:
            stops.append(ItineraryStop(seating.round_number, StopKind.NOT_ATTENDING))
    return tuple(stops)

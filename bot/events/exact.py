"""CP-SAT on small events: the best schedule, proven, or a better one found in time.

The model seats each participant at `target` different experts (one a round at most),
keeps every open table within the organizer's range, and minimises repeated mentee
pairs first and lost preference points next, through one weight larger than every point
the event can earn. Balance is left to the search's polish. OR-Tools is imported here
only, so importing the planner stays cheap.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bot.events.roster import UNSEATED, IntArray, Roster
from bot.events.scoring import SCALE

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    Seats = dict[tuple[int, int, int], cp_model.IntVar]

# Largest event solved exactly: participants x rounds x experts seat variables, and
# participants (pair variables grow with their square).
MOST_SEATS = 1200
MOST_PARTICIPANTS = 16
WALL_CAP_FACTOR = 10


@dataclass(frozen=True)
class ExactResult:
    assignment: IntArray
    proven: bool


def small_enough(roster: Roster) -> bool:
    participants = len(roster.participant_ids)
    seats = participants * roster.spec.rounds * len(roster.experts)
    return 0 < participants <= MOST_PARTICIPANTS and seats <= MOST_SEATS


def solve_exactly(roster: Roster, start: IntArray, seconds: float, seed: int) -> ExactResult | None:
    """The best schedule CP-SAT finds in about `seconds` (deterministic time), or None
    when it finds none (every participant must meet their target)."""
    from ortools.sat.python import cp_model

    spec = roster.spec
    rounds, participants, experts = spec.rounds, len(roster.participant_ids), len(roster.experts)
    model = cp_model.CpModel()
    seat: Seats = {}
    for r, p, e in itertools.product(range(rounds), range(participants), range(experts)):
        if roster.attending[r, p] and roster.present[r, e]:
            seat[r, p, e] = model.new_bool_var("")
            model.add_hint(seat[r, p, e], int(start[r, p] == e))
    for r, p in itertools.product(range(rounds), range(participants)):
        model.add_at_most_one(seat[r, p, e] for e in range(experts) if (r, p, e) in seat)
    for p in range(participants):
        for e in range(experts):
            model.add_at_most_one(seat[r, p, e] for r in range(rounds) if (r, p, e) in seat)
        model.add(sum(seat[key] for key in seat if key[1] == p) == int(roster.targets[p]))
    for r, e in itertools.product(range(rounds), range(experts)):
        members = [seat[r, p, e] for p in range(participants) if (r, p, e) in seat]
        if not members:
            continue
        table_open = model.new_bool_var("")
        model.add(sum(members) >= spec.table_min * table_open)
        model.add(sum(members) <= spec.table_max * table_open)
    repeats = _repeated_pairs(model, seat, rounds, participants, experts)
    points = _points(model, roster, seat)
    weight = int(roster.base_points.sum()) * SCALE * rounds + 1
    model.minimize(weight * sum(repeats) - sum(points))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    # deterministic time keeps plans reproducible; the wall-clock cap only stops a solve
    # slowed far beyond it on a loaded machine
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.max_time_in_seconds = WALL_CAP_FACTOR * seconds
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    assignment = np.full((rounds, participants), UNSEATED, dtype=np.int64)
    for (r, p, e), variable in seat.items():
        if solver.value(variable):
            assignment[r, p] = e
    return ExactResult(assignment, status == cp_model.OPTIMAL)


def _repeated_pairs(
    model: cp_model.CpModel, seat: Seats, rounds: int, participants: int, experts: int
) -> list[cp_model.IntVar]:
    """One variable per pair, forced to 1 when the pair shares a table in two rounds."""
    repeated: list[cp_model.IntVar] = []
    for p, q in itertools.combinations(range(participants), 2):
        together = []
        for r in range(rounds):
            shared = [
                (seat[r, p, e], seat[r, q, e])
                for e in range(experts)
                if (r, p, e) in seat and (r, q, e) in seat
            ]
            if not shared:
                continue
            met = model.new_bool_var("")
            for left, right in shared:
                model.add_bool_or([left.Not(), right.Not(), met])
            together.append(met)
        if len(together) < 2:
            continue
        twice = model.new_bool_var("")
        model.add(sum(together) <= 1 + (len(together) - 1) * twice)
        repeated.append(twice)
    return repeated


def _points(model: cp_model.CpModel, roster: Roster, seat: Seats) -> list[cp_model.LinearExpr]:
    """Scaled preference points: the j-th meeting on a topic earns base * SCALE // j.

    The value is concave in the meetings, so the solver takes the j-th step only after
    the earlier ones.
    """
    terms: list[cp_model.LinearExpr] = []
    participants, topics = roster.base_points.shape
    for p, topic in itertools.product(range(participants), range(topics)):
        base = int(roster.base_points[p, topic])
        if base == 0:
            continue
        meetings = [
            variable
            for (_, mentee, e), variable in seat.items()
            if mentee == p and roster.expert_topic[e] == topic
        ]
        hosts = int((roster.expert_topic == topic).sum())
        steps = [model.new_bool_var("") for _ in range(min(hosts, roster.spec.rounds))]
        if not steps:
            continue
        model.add(sum(steps) == sum(meetings))
        terms.extend(base * SCALE // (j + 1) * step for j, step in enumerate(steps))
    return terms

"""Round-by-round seating engine behind plan_event and replan.

Each round is seated with a min-cost flow (preference costs, balanced table capacities,
free rounds for the least urgent mentees), then a swap search breaks up mentee pairs who
already sat together. A final sweep re-optimises every round against all the others.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from bot.events.model import EventSpec, Expert
from bot.events.scoring import FULL_COST, SCALE, rank_points, ranks_by_topic, topic_key

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

UNSEATED = -1
# In a previous plan: a mentee who was not a participant at all in that round.
NOT_PLANNED = -2
# One repeated pair weighs as much as two preference points.
PAIR_WEIGHT = 2 * SCALE
# Keeping a seat from the previous plan outweighs any preference or mixing gain.
KEEP_BONUS = 20 * FULL_COST
FORBIDDEN = 10**12
BREAK_COST = 2 * FULL_COST
URGENT_BREAK_COST = 4 * KEEP_BONUS
# Random tie-breaking lives below one cost unit, so it never overrides a real preference.
NOISE = 64
MAX_SWEEPS = 6


@dataclass(frozen=True)
class Roster:
    """Index view of an event: experts, participants and what each participant likes."""

    spec: EventSpec
    experts: tuple[Expert, ...]
    participant_ids: tuple[str, ...]
    base_points: IntArray  # participant x topic
    expert_topic: IntArray  # expert -> topic index
    present: BoolArray  # round index x expert
    attending: BoolArray  # round index x participant
    targets: IntArray  # participant -> experts to meet over the event


def build_roster(
    spec: EventSpec,
    experts: Sequence[Expert],
    participants: Sequence[tuple[str, tuple[str, ...]]],
    attending: BoolArray,
    targets: Sequence[int],
) -> Roster:
    topic_index: dict[str, int] = {}
    for expert in experts:
        topic_index.setdefault(topic_key(expert.topic), len(topic_index))
    base_points = np.zeros((len(participants), max(1, len(topic_index))), dtype=np.int64)
    for row, (_, ranked_topics) in enumerate(participants):
        for topic, rank in ranks_by_topic(ranked_topics).items():
            if topic in topic_index:
                base_points[row, topic_index[topic]] = rank_points(rank)
    present = np.array(
        [[expert.present_in(r) for expert in experts] for r in spec.round_numbers],
        dtype=np.bool_,
    ).reshape(spec.rounds, len(experts))
    return Roster(
        spec=spec,
        experts=tuple(experts),
        participant_ids=tuple(mentee_id for mentee_id, _ in participants),
        base_points=base_points,
        expert_topic=np.array(
            [topic_index[topic_key(expert.topic)] for expert in experts], dtype=np.int64
        ),
        present=present,
        attending=attending,
        targets=np.array(targets, dtype=np.int64),
    )


def most_distinct_experts(present: BoolArray) -> int:
    """How many different experts one person can meet, one per round (bipartite matching)."""
    rounds, experts = present.shape
    expert_round = [-1] * experts

    def augment(round_index: int, seen: set[int]) -> bool:
        for expert in np.flatnonzero(present[round_index]).tolist():
            if expert in seen:
                continue
            seen.add(expert)
            if expert_round[expert] < 0 or augment(expert_round[expert], seen):
                expert_round[expert] = round_index
                return True
        return False

    return sum(augment(round_index, set()) for round_index in range(rounds))


class SeatingEngine:
    """Mutable working state while seating; callers read `assignment` at the end."""

    def __init__(self, roster: Roster, seed: int, previous: IntArray | None = None) -> None:
        self.roster = roster
        self.rng = np.random.default_rng(seed)
        self.previous = previous
        participants = len(roster.participant_ids)
        self.assignment: IntArray = np.full(
            (roster.spec.rounds, participants), UNSEATED, dtype=np.int64
        )
        self.met_expert = np.zeros((participants, len(roster.experts)), dtype=np.int64)
        self.topic_count = np.zeros((participants, roster.base_points.shape[1]), dtype=np.int64)
        self.pair_count = np.zeros((participants, participants), dtype=np.int64)

    # --- bookkeeping -------------------------------------------------------------------

    def _account(self, round_index: int, sign: int) -> None:
        row = self.assignment[round_index]
        seated = np.flatnonzero(row >= 0)
        if seated.size == 0:
            return
        experts = row[seated]
        np.add.at(self.met_expert, (seated, experts), sign)
        np.add.at(self.topic_count, (seated, self.roster.expert_topic[experts]), sign)
        for expert in np.unique(experts).tolist():
            members = seated[experts == expert]
            self.pair_count[np.ix_(members, members)] += sign
            self.pair_count[members, members] -= sign

    def set_history(self, round_index: int, row: IntArray) -> None:
        self.assignment[round_index] = row
        self._account(round_index, +1)

    # --- costs -------------------------------------------------------------------------

    def _seat_costs(self, round_index: int, open_experts: BoolArray, look_ahead: bool) -> IntArray:
        topics = self.roster.expert_topic
        points = self.roster.base_points[:, topics] * SCALE // (self.topic_count[:, topics] + 1)
        costs: IntArray = FULL_COST - points
        if self.previous is not None:
            rows = np.arange(costs.shape[0])
            kept = self.previous[round_index]
            had_seat = kept >= 0
            costs[rows[had_seat], kept[had_seat]] -= KEEP_BONUS
            if look_ahead:
                for later in range(round_index + 1, self.roster.spec.rounds):
                    planned = self.previous[later]
                    has = planned >= 0
                    costs[rows[has], planned[has]] += KEEP_BONUS
        forbidden = (self.met_expert > 0) | ~open_experts[np.newaxis, :]
        costs[forbidden] = FORBIDDEN
        return costs

    # --- construction ------------------------------------------------------------------

    def _needs(self) -> IntArray:
        needs: IntArray = self.roster.targets - self.met_expert.sum(axis=1)
        return needs

    def seat_round(self, round_index: int) -> None:
        """Seat one round from scratch, given every round already in `assignment`."""
        self._account(round_index, -1)
        self.assignment[round_index] = UNSEATED
        roster = self.roster
        spec = roster.spec
        present = roster.present[round_index]
        attending = roster.attending[round_index]
        needs = self._needs()
        unmet_present = (self.met_expert == 0) & present[np.newaxis, :]
        needy = np.flatnonzero(attending & (needs > 0) & unmet_present.any(axis=1))
        if needy.size == 0 or not present.any():
            return
        rounds_left = roster.attending[round_index:, :].sum(axis=0)
        urgent = needs >= rounds_left
        seats_wanted = self._seats_wanted(round_index, needy, int(urgent[needy].sum()))
        points = self._seat_costs(round_index, present, look_ahead=False)
        open_experts, seats = self._open_tables(round_index, needy, seats_wanted, points)
        if seats == 0:
            return
        costs = self._seat_costs(round_index, open_experts, look_ahead=True)
        break_costs = self._break_costs(round_index, needy, needs, rounds_left, urgent)
        chosen = self._flow(needy, costs[needy], break_costs, open_experts, seats)
        self.assignment[round_index, needy] = chosen
        self.improve_round(round_index, costs, accounted=False)
        self._account(round_index, +1)

    def _seats_wanted(self, round_index: int, needy: IntArray, urgent: int) -> int:
        """Spread the remaining meetings over the remaining rounds in proportion to seats."""
        roster = self.roster
        table_max = roster.spec.table_max
        needs = self._needs()
        attending_later = roster.attending[round_index:, :]
        demand = int(np.clip(needs, 0, None)[attending_later.any(axis=0)].sum())
        capacities = [
            min(int(roster.present[r].sum()) * table_max, int(roster.attending[r].sum()))
            for r in range(round_index, roster.spec.rounds)
        ]
        total = sum(capacities)
        if total == 0:
            return 0
        share = math.ceil(demand * capacities[0] / total)
        return int(min(max(share, urgent), capacities[0], needy.size))

    def _open_tables(
        self, round_index: int, needy: IntArray, seats: int, costs: IntArray
    ) -> tuple[BoolArray, int]:
        """Open as many tables as table_min allows, preferring the most wanted experts."""
        spec = self.roster.spec
        reachable = (costs[needy] < FORBIDDEN).any(axis=0)
        candidates = np.flatnonzero(reachable)
        seats = max(seats, min(spec.table_min, needy.size))
        count = min(candidates.size, seats // spec.table_min)
        open_experts = np.zeros(len(self.roster.experts), dtype=np.bool_)
        if count == 0:
            return open_experts, 0
        gains = np.where(costs[needy] < FORBIDDEN, FULL_COST - costs[needy] + 1, 0).sum(axis=0)
        if self.previous is not None:
            was_open = np.zeros(len(self.roster.experts), dtype=np.bool_)
            kept = self.previous[round_index]
            was_open[kept[kept >= 0]] = True
            gains = gains + np.where(was_open, FORBIDDEN, 0)
        order = sorted(candidates.tolist(), key=lambda expert: (-int(gains[expert]), expert))
        open_experts[order[:count]] = True
        return open_experts, min(seats, count * spec.table_max)

    def _break_costs(
        self,
        round_index: int,
        needy: IntArray,
        needs: IntArray,
        rounds_left: IntArray,
        urgent: BoolArray,
    ) -> IntArray:
        slack_cost = BREAK_COST + needs[needy] * SCALE // np.maximum(rounds_left[needy], 1)
        costs: IntArray = np.where(urgent[needy], URGENT_BREAK_COST, slack_cost)
        if self.previous is not None:
            was_free = self.previous[round_index, needy] == UNSEATED
            costs = costs - np.where(was_free, KEEP_BONUS, 0)
        return costs

    def _flow(
        self,
        needy: IntArray,
        costs: IntArray,
        break_costs: IntArray,
        open_experts: BoolArray,
        seats: int,
    ) -> IntArray:
        """Min-cost flow: each needy mentee to one open table or to a free round."""
        tables = np.flatnonzero(open_experts)
        mentee_count, table_count = needy.size, tables.size
        smaller, extra = divmod(seats, table_count)
        table_node = mentee_count
        extra_node = table_node + table_count
        break_node = extra_node + 1
        sink = break_node + 1
        allowed_rows, allowed_cols = np.nonzero(costs[:, tables] < FORBIDDEN)
        noise = self.rng.integers(0, NOISE, size=allowed_rows.size)
        seat_costs = costs[allowed_rows, tables[allowed_cols]] * NOISE + noise
        mentee_nodes = np.arange(mentee_count)
        table_nodes = table_node + np.arange(table_count)
        tails = np.concatenate(
            [allowed_rows, mentee_nodes, table_nodes, table_nodes, [extra_node, break_node]]
        )
        heads = np.concatenate(
            [
                table_node + allowed_cols,
                np.full(mentee_count, break_node),
                np.full(table_count, sink),
                np.full(table_count, extra_node),
                [sink, sink],
            ]
        )
        capacities = np.concatenate(
            [
                np.ones(allowed_rows.size + mentee_count, dtype=np.int64),
                np.full(table_count, smaller),
                np.ones(table_count, dtype=np.int64),
                [extra, mentee_count],
            ]
        )
        unit_costs = np.concatenate(
            [
                seat_costs,
                break_costs * NOISE,
                np.zeros(2 * table_count, dtype=np.int64),
                [0, 0],
            ]
        )
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            tails.astype(np.int32),
            heads.astype(np.int32),
            capacities.astype(np.int64),
            unit_costs.astype(np.int64),
        )
        supplies = np.zeros(sink + 1, dtype=np.int64)
        supplies[:mentee_count] = 1
        supplies[sink] = -mentee_count
        solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
        status = solver.solve()
        if status != solver.OPTIMAL:
            raise RuntimeError(f"seating flow failed with status {status}")
        flows = solver.flows(np.arange(allowed_rows.size, dtype=np.int32))
        chosen = np.full(mentee_count, UNSEATED, dtype=np.int64)
        used = flows > 0
        chosen[allowed_rows[used]] = tables[allowed_cols[used]]
        return chosen

    # --- mixing ------------------------------------------------------------------------

    def improve_round(self, round_index: int, costs: IntArray, accounted: bool) -> bool:
        """Swap mentees between tables of one round to break up pairs who already met.

        Moves keep every table size (a swap, or a move from a bigger to a smaller table).
        Returns whether anything changed.
        """
        if accounted:
            self._account(round_index, -1)
        row = self.assignment[round_index]
        seated = np.flatnonzero(row >= 0)
        changed = False
        if seated.size > 1:
            changed = self._swap_search(row, seated, costs)
        if accounted:
            self._account(round_index, +1)
        return changed

    def _swap_search(self, row: IntArray, seated: IntArray, costs: IntArray) -> bool:
        met = self.pair_count
        expert_count = len(self.roster.experts)
        membership = np.zeros((seated.size, expert_count), dtype=np.int64)
        membership[np.arange(seated.size), row[seated]] = 1
        conflicts: IntArray = met[:, seated] @ membership
        sizes = membership.sum(axis=0)
        open_tables = sizes > 0
        smaller = int(sizes[open_tables].min())
        changed = False
        budget = 20 * seated.size
        improved = True
        while improved and budget > 0:
            improved = False
            own = conflicts[seated, row[seated]]
            candidates = seated[own > 0]
            for mentee in self.rng.permutation(candidates).tolist():
                budget -= 1
                if budget <= 0:
                    break
                if conflicts[mentee, row[mentee]] == 0:
                    continue
                if self._best_move(mentee, row, seated, costs, conflicts, sizes, smaller):
                    improved = changed = True
        return changed

    def _best_move(
        self,
        mentee: int,
        row: IntArray,
        seated: IntArray,
        costs: IntArray,
        conflicts: IntArray,
        sizes: IntArray,
        smaller: int,
    ) -> bool:
        met = self.pair_count
        home = int(row[mentee])
        others = seated[row[seated] != home]
        away = row[others]
        pair_delta = (
            conflicts[mentee, away]
            + conflicts[others, home]
            - 2 * met[mentee, others]
            - conflicts[mentee, home]
            - conflicts[others, away]
        )
        swap_delta = PAIR_WEIGHT * pair_delta + (
            costs[mentee, away] + costs[others, home] - costs[mentee, home] - costs[others, away]
        )
        best_swap = int(np.argmin(swap_delta)) if others.size else -1
        best_delta = int(swap_delta[best_swap]) if others.size else 0
        best_target = -1
        if sizes[home] > smaller:
            targets = np.flatnonzero((sizes == smaller) & (sizes > 0))
            move_delta = PAIR_WEIGHT * (
                conflicts[mentee, targets] - conflicts[mentee, home]
            ) + (costs[mentee, targets] - costs[mentee, home])
            if targets.size and int(move_delta.min()) < best_delta:
                best_delta = int(move_delta.min())
                best_target = int(targets[int(np.argmin(move_delta))])
        if best_delta >= 0:
            return False
        if best_target >= 0:
            self._relocate(mentee, home, best_target, row, conflicts, sizes)
        else:
            partner = int(others[best_swap])
            partner_home = int(row[partner])
            self._relocate(mentee, home, partner_home, row, conflicts, sizes)
            self._relocate(partner, partner_home, home, row, conflicts, sizes)
        return True

    def _relocate(
        self,
        mentee: int,
        origin: int,
        target: int,
        row: IntArray,
        conflicts: IntArray,
        sizes: IntArray,
    ) -> None:
        column = self.pair_count[:, mentee]
        conflicts[:, origin] -= column
        conflicts[:, target] += column
        sizes[origin] -= 1
        sizes[target] += 1
        row[mentee] = target

    # --- whole event -------------------------------------------------------------------

    def plan(self, from_round_index: int) -> None:
        for round_index in range(from_round_index, self.roster.spec.rounds):
            self.seat_round(round_index)
        for _ in range(MAX_SWEEPS):
            changed = False
            for round_index in range(from_round_index, self.roster.spec.rounds):
                self._account(round_index, -1)
                open_experts = np.zeros(len(self.roster.experts), dtype=np.bool_)
                row = self.assignment[round_index]
                open_experts[row[row >= 0]] = True
                costs = self._seat_costs(round_index, open_experts, look_ahead=False)
                changed |= self.improve_round(round_index, costs, accounted=False)
                self._account(round_index, +1)
            if not changed:
                break

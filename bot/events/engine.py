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
# A tabu step costs about rounds x participants^2; this caps the search near a second.
POLISH_WORK = 10_000_000
POLISH_MAX_ITERATIONS = 5_000
POLISH_PATIENCE = 500


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

    def _seat_costs(
        self,
        round_index: int,
        open_experts: BoolArray,
        look_ahead: bool,
        counts: tuple[IntArray, IntArray] | None = None,
    ) -> IntArray:
        met_expert, topic_count = counts or (self.met_expert, self.topic_count)
        topics = self.roster.expert_topic
        points = self.roster.base_points[:, topics] * SCALE // (topic_count[:, topics] + 1)
        costs: IntArray = FULL_COST - points
        if self.previous is not None:
            rows = np.arange(costs.shape[0])
            kept = self.previous[round_index]
            had_seat = kept >= 0
            costs[rows[had_seat], kept[had_seat]] -= KEEP_BONUS
            if look_ahead:
                # meeting now an expert the old plan gives them later would break that seat
                for later in range(round_index + 1, self.roster.spec.rounds):
                    planned = self.previous[later]
                    has = planned >= 0
                    costs[rows[has], planned[has]] += KEEP_BONUS
        forbidden = (met_expert > 0) | ~open_experts[np.newaxis, :]
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
        present_costs = self._seat_costs(round_index, present, look_ahead=False)
        break_costs = self._break_costs(round_index, needy, needs, rounds_left, urgent)
        # Balanced capacities may not be fillable (met experts are forbidden): retry with
        # the number actually seated until every table is at its balanced size.
        while True:
            open_experts, seats = self._open_tables(
                round_index, needy, seats_wanted, present_costs, break_costs
            )
            if seats < self.roster.spec.table_min:
                return
            costs = self._seat_costs(round_index, open_experts, look_ahead=True)
            chosen = self._flow(needy, costs[needy], break_costs, open_experts, seats)
            seated = int((chosen >= 0).sum())
            if seated == seats:
                break
            if seated < self.roster.spec.table_min:
                return
            seats_wanted = seated
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
        self,
        round_index: int,
        needy: IntArray,
        seats: int,
        costs: IntArray,
        break_costs: IntArray,
    ) -> tuple[BoolArray, int]:
        """Open as many tables as table_min allows, preferring the experts most needed.

        When not every table can open, a trial seating with all of them open shows which
        experts the mentees can actually use; ties go to the most wanted experts.
        """
        spec = self.roster.spec
        candidates = np.flatnonzero((costs[needy] < FORBIDDEN).any(axis=0))
        seats = max(seats, min(spec.table_min, needy.size))
        count = min(candidates.size, seats // spec.table_min)
        open_experts = np.zeros(len(self.roster.experts), dtype=np.bool_)
        if count == 0:
            return open_experts, 0
        if count == candidates.size:
            open_experts[candidates] = True
            return open_experts, min(seats, count * spec.table_max)
        open_experts[candidates] = True
        trial = self._flow(needy, costs[needy], break_costs, open_experts, seats)
        usage = np.bincount(trial[trial >= 0], minlength=len(self.roster.experts))
        gains = np.where(costs[needy] < FORBIDDEN, FULL_COST - costs[needy] + 1, 0).sum(axis=0)
        was_open = np.zeros(len(self.roster.experts), dtype=np.bool_)
        if self.previous is not None:
            kept = self.previous[round_index]
            was_open[kept[kept >= 0]] = True
        order = sorted(
            candidates.tolist(),
            key=lambda e: (-int(was_open[e]), -int(usage[e]), -int(gains[e]), e),
        )
        open_experts[:] = False
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
                np.zeros(table_count, dtype=np.int64),
                # the larger tables go to experts who have hosted least so far
                self.met_expert[:, tables].sum(axis=0) * NOISE,
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
        table_round = _TableRound.of(self, round_index, costs)
        changed = False
        if table_round is not None:
            changed = self._descend(table_round)
        if accounted:
            self._account(round_index, +1)
        return changed

    def _descend(self, table_round: _TableRound) -> bool:
        row, seated, conflicts = table_round.row, table_round.seated, table_round.conflicts
        changed = False
        budget = 20 * seated.size
        improved = True
        while improved and budget > 0:
            improved = False
            candidates = seated[conflicts[seated, row[seated]] > 0]
            for mentee in self.rng.permutation(candidates).tolist():
                budget -= 1
                if budget <= 0:
                    break
                if conflicts[mentee, row[mentee]] == 0:
                    continue
                partner, target, delta = table_round.best_option(mentee)
                if delta < 0:
                    table_round.apply(mentee, partner, target)
                    improved = changed = True
        return changed

    def polish(self, from_round_index: int, iterations: int) -> None:
        """Tabu search on the remaining repeated pairs, across all re-plannable rounds.

        Each step makes the best non-tabu swap, over all rounds, of two mentees of a round
        (one of them sitting with someone already met), even when that is worse, to climb
        out of local optima; the best schedule seen is kept. A short random tabu tenure
        stops it undoing its last moves. Runs only while some pair has met twice.
        """
        objective = best_objective = 0
        best = self.assignment.copy()
        tabu_until = np.full(self.assignment.shape, -1, dtype=np.int64)
        last_gain = 0
        for iteration in range(iterations):
            if iteration - last_gain > POLISH_PATIENCE:
                break
            if not np.triu(self.pair_count > 1, k=1).any():
                break
            choice: tuple[int, int, int, int] | None = None
            for round_index in range(from_round_index, self.roster.spec.rounds):
                deltas, seated, clashing = self._swap_deltas(round_index)
                if not clashing.any():
                    continue
                moved = tabu_until[round_index, seated] >= iteration
                aspiring = objective + deltas < best_objective
                deltas[(moved[:, np.newaxis] | moved[np.newaxis, :]) & ~aspiring] = FORBIDDEN
                deltas[~clashing[:, np.newaxis] & ~clashing[np.newaxis, :]] = FORBIDDEN
                ranked = deltas * NOISE + self.rng.integers(0, NOISE, size=deltas.shape)
                first, second = np.unravel_index(int(np.argmin(ranked)), ranked.shape)
                delta = int(deltas[first, second])
                if delta < FORBIDDEN and (choice is None or delta < choice[0]):
                    choice = (delta, round_index, int(seated[first]), int(seated[second]))
            if choice is None:
                break
            delta, round_index, mentee, partner = choice
            self._swap_in_round(round_index, mentee, partner)
            objective += delta
            tabu_until[round_index, [mentee, partner]] = iteration + 2 + int(self.rng.integers(4))
            if objective < best_objective:
                best_objective, last_gain = objective, iteration
                best = self.assignment.copy()
        if objective > best_objective:
            self._restore(best)

    def _swap_in_round(self, round_index: int, mentee: int, partner: int) -> None:
        row = self.assignment[round_index]
        home, away = int(row[mentee]), int(row[partner])
        home_mates = np.flatnonzero(row == home)
        away_mates = np.flatnonzero(row == away)
        home_mates = home_mates[home_mates != mentee]
        away_mates = away_mates[away_mates != partner]
        topics = self.roster.expert_topic
        for person, left, joined, old, new in (
            (mentee, home_mates, away_mates, home, away),
            (partner, away_mates, home_mates, away, home),
        ):
            self.pair_count[person, left] -= 1
            self.pair_count[left, person] -= 1
            self.pair_count[person, joined] += 1
            self.pair_count[joined, person] += 1
            self.met_expert[person, old] -= 1
            self.met_expert[person, new] += 1
            self.topic_count[person, topics[old]] -= 1
            self.topic_count[person, topics[new]] += 1
        row[mentee], row[partner] = away, home

    def _swap_deltas(self, round_index: int) -> tuple[IntArray, IntArray, BoolArray]:
        """Objective change of swapping any two seated mentees of a round (rows x columns).

        Also returns the seated mentees and which of them sit with someone already met.
        """
        row = self.assignment[round_index]
        seated = np.flatnonzero(row >= 0)
        tables = row[seated]
        same_table = tables[:, np.newaxis] == tables[np.newaxis, :]
        met = self.pair_count[np.ix_(seated, seated)] - same_table
        np.fill_diagonal(met, 0)
        membership = np.zeros((seated.size, len(self.roster.experts)), dtype=np.float64)
        membership[np.arange(seated.size), tables] = 1.0
        conflicts = np.rint(met.astype(np.float64) @ membership).astype(np.int64)[:, tables]
        own = np.diagonal(conflicts)
        pair_delta = conflicts + conflicts.T - 2 * met - own[:, np.newaxis] - own[np.newaxis, :]
        met_expert = self.met_expert.copy()
        topic_count = self.topic_count.copy()
        met_expert[seated, tables] -= 1
        topic_count[seated, self.roster.expert_topic[tables]] -= 1
        open_experts = np.zeros(len(self.roster.experts), dtype=np.bool_)
        open_experts[tables] = True
        costs = self._seat_costs(
            round_index, open_experts, look_ahead=False, counts=(met_expert, topic_count)
        )[np.ix_(seated, tables)]
        own_cost = np.diagonal(costs)
        deltas: IntArray = PAIR_WEIGHT * pair_delta + (
            costs + costs.T - own_cost[:, np.newaxis] - own_cost[np.newaxis, :]
        )
        deltas[same_table | (costs >= FORBIDDEN) | (costs.T >= FORBIDDEN)] = FORBIDDEN
        return deltas, seated, own > 0

    def adopt(self, assignment: IntArray) -> None:
        """Replace the whole schedule, e.g. with one built from a design."""
        self._restore(assignment.copy())

    def objective(self) -> tuple[int, int, int]:
        """Lower is better, in order: expert repeats, repeated mentee pairs, lost points."""
        harmonic = np.concatenate(
            [[0.0], np.cumsum(1.0 / np.arange(1, self.roster.spec.rounds + 1))]
        )
        points = float((self.roster.base_points * harmonic[self.topic_count]).sum())
        return (
            int(np.clip(self.met_expert - 1, 0, None).sum()),
            int(np.triu(self.pair_count > 1, k=1).sum()),
            -round(points * SCALE),
        )

    def _restore(self, assignment: IntArray) -> None:
        for round_index in range(self.roster.spec.rounds):
            self._account(round_index, -1)
        self.assignment = assignment
        for round_index in range(self.roster.spec.rounds):
            self._account(round_index, +1)

    def _round_costs(self, round_index: int) -> IntArray:
        open_experts = np.zeros(len(self.roster.experts), dtype=np.bool_)
        row = self.assignment[round_index]
        open_experts[row[row >= 0]] = True
        return self._seat_costs(round_index, open_experts, look_ahead=False)

    # --- whole event -------------------------------------------------------------------

    def plan(self, from_round_index: int) -> None:
        for round_index in range(from_round_index, self.roster.spec.rounds):
            self.seat_round(round_index)
        for _ in range(MAX_SWEEPS):
            changed = False
            for round_index in range(from_round_index, self.roster.spec.rounds):
                self._account(round_index, -1)
                costs = self._round_costs(round_index)
                changed |= self.improve_round(round_index, costs, accounted=False)
                self._account(round_index, +1)
            if not changed:
                break
        cells = max(1, (self.roster.spec.rounds - from_round_index) * self.assignment.shape[1] ** 2)
        self.polish(from_round_index, min(POLISH_MAX_ITERATIONS, POLISH_WORK // cells))


@dataclass
class _TableRound:
    """One round's tables with each mentee's conflict count at every table.

    conflicts[m, t] is how often m already sat with the mentees now at table t (pair
    counts exclude this round).
    """

    met: IntArray
    row: IntArray
    seated: IntArray
    costs: IntArray
    conflicts: IntArray
    sizes: IntArray
    smaller: int

    @classmethod
    def of(cls, engine: SeatingEngine, round_index: int, costs: IntArray) -> _TableRound | None:
        row = engine.assignment[round_index]
        seated = np.flatnonzero(row >= 0)
        if seated.size < 2:
            return None
        membership = np.zeros((seated.size, len(engine.roster.experts)), dtype=np.float64)
        membership[np.arange(seated.size), row[seated]] = 1.0
        met = engine.pair_count
        conflicts = np.rint(met[:, seated].astype(np.float64) @ membership).astype(np.int64)
        sizes = membership.sum(axis=0).astype(np.int64)
        return cls(met, row, seated, costs, conflicts, sizes, int(sizes[sizes > 0].min()))

    def best_option(self, mentee: int) -> tuple[int, int, int]:
        """The best swap partner or move target for `mentee`: (partner, target, delta).

        partner is -1 for a move, target is -1 for a swap; both -1 when nothing is allowed.
        """
        met, row, costs, conflicts = self.met, self.row, self.costs, self.conflicts
        home = int(row[mentee])
        others = self.seated[row[self.seated] != home]
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
        swap_delta[swap_delta >= FORBIDDEN // 2] = FORBIDDEN
        best: tuple[int, int, int] = (-1, -1, FORBIDDEN)
        if others.size:
            pick = int(np.argmin(swap_delta))
            best = (int(others[pick]), -1, int(swap_delta[pick]))
        if self.sizes[home] > self.smaller:
            targets = np.flatnonzero(self.sizes == self.smaller)
            move_delta = PAIR_WEIGHT * (conflicts[mentee, targets] - conflicts[mentee, home]) + (
                costs[mentee, targets] - costs[mentee, home]
            )
            if targets.size and int(move_delta.min()) < best[2]:
                pick = int(np.argmin(move_delta))
                best = (-1, int(targets[pick]), int(move_delta[pick]))
        if best[2] >= FORBIDDEN // 2:
            return (-1, -1, 0)
        return best

    def apply(self, mentee: int, partner: int, target: int) -> None:
        home = int(self.row[mentee])
        if partner < 0:
            self._relocate(mentee, home, target)
            return
        partner_home = int(self.row[partner])
        self._relocate(mentee, home, partner_home)
        self._relocate(partner, partner_home, home)

    def _relocate(self, mentee: int, origin: int, target: int) -> None:
        column = self.met[:, mentee]
        self.conflicts[:, origin] -= column
        self.conflicts[:, target] += column
        self.sizes[origin] -= 1
        self.sizes[target] += 1
        self.row[mentee] = target

"""Round-by-round seating engine behind plan_event and replan.

Each round is seated with a min-cost flow (preference costs, balanced table capacities,
free rounds for the least urgent mentees), then a swap search breaks up mentee pairs who
already sat together. A final sweep re-optimises every round against all the others, and
a whole-schedule search works on the pairs still repeated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from bot.events.flow import FORBIDDEN, seat_flow
from bot.events.mixing import TableRound, descend
from bot.events.roster import UNSEATED, BoolArray, IntArray, Roster
from bot.events.scoring import FULL_COST, SCALE, preference_points
from bot.events.search import search

# Keeping a seat from the previous plan outweighs any preference or mixing gain.
KEEP_BONUS = 20 * FULL_COST
BREAK_COST = 2 * FULL_COST
URGENT_BREAK_COST = 4 * KEEP_BONUS
MAX_SWEEPS = 6


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

    def seat_costs(
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
        present_costs = self.seat_costs(round_index, present, look_ahead=False)
        break_costs = self._break_costs(round_index, needy, needs, rounds_left, urgent)
        # Balanced capacities may not be fillable (met experts are forbidden): retry with
        # the number actually seated until every table is at its balanced size.
        while True:
            open_experts, seats = self._open_tables(
                round_index, needy, seats_wanted, present_costs, break_costs
            )
            if seats < self.roster.spec.table_min:
                return
            costs = self.seat_costs(round_index, open_experts, look_ahead=True)
            chosen = self._flow(costs[needy], break_costs, open_experts, seats)
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
        trial = self._flow(costs[needy], break_costs, open_experts, seats)
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
        self, costs: IntArray, break_costs: IntArray, open_experts: BoolArray, seats: int
    ) -> IntArray:
        hosted = self.met_expert.sum(axis=0)
        return seat_flow(costs, break_costs, open_experts, seats, hosted, self.rng)

    # --- mixing ------------------------------------------------------------------------

    def improve_round(self, round_index: int, costs: IntArray, accounted: bool) -> bool:
        """Swap mentees between tables of one round to break up pairs who already met.

        Moves keep every table size (a swap, or a move from a bigger to a smaller table).
        Returns whether anything changed.
        """
        if accounted:
            self._account(round_index, -1)
        table_round = TableRound.of(
            self.assignment, self.pair_count, len(self.roster.experts), round_index, costs
        )
        changed = False
        if table_round is not None:
            changed = descend(table_round, self.rng)
        if accounted:
            self._account(round_index, +1)
        return changed

    def adopt(self, assignment: IntArray) -> None:
        """Replace the whole schedule, e.g. with one built from a design."""
        self._restore(assignment.copy())

    def objective(self) -> tuple[int, int, int, int]:
        """Lower is better, in order: expert repeats, meetings short of the targets,
        repeated mentee pairs, lost points."""
        points = preference_points(self.roster, self.topic_count)
        return (
            int(np.clip(self.met_expert - 1, 0, None).sum()),
            int(np.clip(self._needs(), 0, None).sum()),
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
        return self.seat_costs(round_index, open_experts, look_ahead=False)

    # --- whole event -------------------------------------------------------------------

    def plan(self, from_round_index: int, search_seconds: float) -> None:
        """Seat every round from `from_round_index` on, then search the whole schedule."""
        self.seat_rounds(from_round_index)
        self.search(from_round_index, search_seconds)

    def search(self, from_round_index: int, search_seconds: float, walk: bool = True) -> None:
        """Whole-schedule search on the pairs still meeting twice, for about that long;
        without the walk only the polish runs (the repeats are known to be fewest)."""
        search(self, from_round_index, search_seconds, KEEP_BONUS, walk)

    def seat_rounds(self, from_round_index: int) -> None:
        """Seat round by round, then re-optimise each round against all the others."""
        self.fill(range(from_round_index, self.roster.spec.rounds), from_round_index)

    def fill(self, round_indexes: Sequence[int], from_round_index: int) -> None:
        """Seat these rounds given all the others, then re-optimise every round from
        `from_round_index` on against the rest."""
        for round_index in round_indexes:
            self.seat_round(round_index)
        self._top_up(from_round_index)
        for _ in range(MAX_SWEEPS):
            changed = False
            for round_index in range(from_round_index, self.roster.spec.rounds):
                self._account(round_index, -1)
                costs = self._round_costs(round_index)
                changed |= self.improve_round(round_index, costs, accounted=False)
                self._account(round_index, +1)
            if not changed:
                break

    def _top_up(self, from_round_index: int) -> None:
        """Seat mentees still short of their target at an open table with room, in a
        round they sit out, beside as few people they already met as possible.

        Round by round seating can leave the last few meetings unplaceable: too few
        mentees still need an expert to open that table late in the event.
        """
        roster = self.roster
        sizes = np.zeros((roster.spec.rounds, len(roster.experts)), dtype=np.int64)
        for round_index in range(roster.spec.rounds):
            row = self.assignment[round_index]
            np.add.at(sizes[round_index], row[row >= 0], 1)
        rounds = range(from_round_index, roster.spec.rounds)
        for mentee in np.flatnonzero(self._needs() > 0).tolist():
            for expert in np.flatnonzero(self.met_expert[mentee] == 0).tolist():
                if self._needs()[mentee] <= 0:
                    break
                options = [
                    (int((self.pair_count[mentee, self.assignment[r] == expert] > 0).sum()), r)
                    for r in rounds
                    if self.assignment[r, mentee] == UNSEATED
                    and roster.attending[r, mentee]
                    and 0 < sizes[r, expert] < roster.spec.table_max
                ]
                if not options:
                    continue
                round_index = min(options)[1]
                self._account(round_index, -1)
                self.assignment[round_index, mentee] = expert
                self._account(round_index, +1)
                sizes[round_index, expert] += 1

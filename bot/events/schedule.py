"""A whole schedule held for local search, with every count it needs kept up to date.

conflicts[i, p, e] is how often p has already met (over the whole event, this round
included) the mentees seated at expert e in the i-th searchable round. The objective
counts each pair meeting c times as c(c-1)/2 repeats, which is 0 for pairs who met at
most once and exact for the pairs who met twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.events.roster import UNSEATED, BoolArray, IntArray, Roster
from bot.events.scoring import SCALE


@dataclass(frozen=True)
class Weights:
    """Objective weights: one repeated pair, one kept seat (replans), one scaled
    preference point and table balance (the sum of squared table sizes)."""

    pair: int
    keep: int
    balance: int
    preference: int = 1


class Schedule:
    """Mutable schedule for the searchable rounds `first..rounds-1`, with its objective."""

    def __init__(
        self,
        roster: Roster,
        assignment: IntArray,
        first: int,
        previous: IntArray | None,
        weights: Weights,
    ) -> None:
        self.roster = roster
        self.first = first
        self.previous = previous
        self.weights = weights
        self.topics = roster.expert_topic
        self.load(assignment)

    def load(self, assignment: IntArray) -> None:
        roster = self.roster
        experts = len(roster.experts)
        participants = assignment.shape[1]
        self.assignment = assignment.copy()
        self.pairs = np.zeros((participants, participants), dtype=np.int64)
        self.met = np.zeros((participants, experts), dtype=np.int64)
        self.topic_count = np.zeros((participants, roster.base_points.shape[1]), dtype=np.int64)
        self.sizes = np.zeros((roster.spec.rounds, experts), dtype=np.int64)
        memberships = []
        for round_index in range(roster.spec.rounds):
            row = self.assignment[round_index]
            seated = np.flatnonzero(row >= 0)
            membership = np.zeros((participants, experts), dtype=np.float64)
            membership[seated, row[seated]] = 1.0
            memberships.append(membership)
            np.add.at(self.met, (seated, row[seated]), 1)
            np.add.at(self.topic_count, (seated, self.topics[row[seated]]), 1)
            self.sizes[round_index] = membership.sum(axis=0).astype(np.int64)
            together = np.rint(membership @ membership.T).astype(np.int64)
            self.pairs += together
        np.fill_diagonal(self.pairs, 0)
        pairs = self.pairs.astype(np.float64)
        self.conflicts = np.stack(
            [np.rint(pairs @ memberships[r]).astype(np.int64) for r in self.searchable]
        )
        upper = np.triu(self.pairs, k=1)
        self.repeat_total = int((upper * (upper - 1) // 2).sum())
        self.total = self.objective_value()

    @property
    def searchable(self) -> range:
        return range(self.first, self.roster.spec.rounds)

    @property
    def rows(self) -> IntArray:
        """The searchable rounds of the assignment (a view)."""
        rows: IntArray = self.assignment[self.first :]
        return rows

    def repeats(self) -> int:
        return self.repeat_total

    def objective_value(self) -> int:
        """Weighted total to minimise: repeats, lost preference, seats moved, imbalance."""
        weights = self.weights
        gained = self.roster.base_points * _harmonic_scaled(self.topic_count) * weights.preference
        kept = 0
        if self.previous is not None:
            kept = int((self.assignment[self.first :] == self.previous[self.first :]).sum())
        return (
            weights.pair * self.repeats()
            - int(gained.sum())
            - weights.keep * kept
            + weights.balance * int((self.sizes**2).sum())
        )

    def next_value(self) -> IntArray:
        """Points (scaled) of one more meeting on each topic, per participant."""
        value: IntArray = self.roster.base_points * SCALE // (self.topic_count + 1)
        return value * self.weights.preference

    def last_value(self) -> IntArray:
        """Points (scaled) lost by dropping one meeting on each topic, per participant."""
        value: IntArray = self.roster.base_points * SCALE // np.maximum(self.topic_count, 1)
        return value * self.weights.preference

    def own_conflicts(self) -> IntArray:
        """conflicts at each participant's own table per searchable round (0 when free)."""
        rows = self.rows
        rounds, participants = rows.shape
        own = self.conflicts[
            np.arange(rounds)[:, np.newaxis], np.arange(participants), np.clip(rows, 0, None)
        ]
        result: IntArray = np.where(rows >= 0, own, 0)
        return result

    # --- changes ---------------------------------------------------------------------

    def relocate(self, index: int, mentee: int, target: int) -> None:
        """Move one mentee in searchable round `index` to `target` (an expert or UNSEATED)."""
        round_index = self.first + index
        origin = int(self.assignment[round_index, mentee])
        if origin == target:
            return
        weights = self.weights
        if self.previous is not None:
            previous = int(self.previous[round_index, mentee])
            self.total += weights.keep * (int(previous == origin) - int(previous == target))
        if origin >= 0:
            mates = np.flatnonzero(self.assignment[round_index] == origin)
            mates = mates[mates != mentee]
            self.assignment[round_index, mentee] = UNSEATED
            self.conflicts[index, :, origin] -= self.pairs[:, mentee]
            lost = int((self.pairs[mentee, mates] - 1).sum())
            self.repeat_total -= lost
            self.total -= weights.pair * lost
            self._pair_change(mentee, mates, -1)
            topic = int(self.topics[origin])
            self.total += int(self.last_value()[mentee, topic])
            self.met[mentee, origin] -= 1
            self.topic_count[mentee, topic] -= 1
            self.total -= weights.balance * (2 * int(self.sizes[round_index, origin]) - 1)
            self.sizes[round_index, origin] -= 1
        if target >= 0:
            mates = np.flatnonzero(self.assignment[round_index] == target)
            self.assignment[round_index, mentee] = target
            self.conflicts[index, :, target] += self.pairs[:, mentee]
            added = int(self.pairs[mentee, mates].sum())
            self.repeat_total += added
            self.total += weights.pair * added
            self._pair_change(mentee, mates, +1)
            topic = int(self.topics[target])
            self.total -= int(self.next_value()[mentee, topic])
            self.met[mentee, target] += 1
            self.topic_count[mentee, topic] += 1
            self.total += weights.balance * (2 * int(self.sizes[round_index, target]) + 1)
            self.sizes[round_index, target] += 1

    def _pair_change(self, mentee: int, others: IntArray, delta: int) -> None:
        if others.size == 0:
            return
        self.pairs[mentee, others] += delta
        self.pairs[others, mentee] += delta
        rows = self.rows
        seats = rows[:, others]
        indexes, columns = np.nonzero(seats >= 0)
        column = np.full(indexes.size, mentee, dtype=np.int64)
        np.add.at(self.conflicts, (indexes, column, seats[indexes, columns]), delta)
        own = rows[:, mentee]
        seated_rounds = np.flatnonzero(own >= 0)
        self.conflicts[
            seated_rounds[:, np.newaxis], others[np.newaxis, :], own[seated_rounds][:, np.newaxis]
        ] += delta

    def attending(self) -> BoolArray:
        attending: BoolArray = self.roster.attending[self.first :]
        return attending


def _harmonic_scaled(counts: IntArray) -> IntArray:
    """SCALE x (1 + 1/2 + ... + 1/count), exact while SCALE is divisible by 1..count."""
    limit = int(counts.max(initial=0))
    steps = np.concatenate([[0], np.cumsum(SCALE // np.arange(1, limit + 1))]).astype(np.int64)
    scaled: IntArray = steps[counts]
    return scaled

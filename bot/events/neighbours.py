"""The moves a schedule search can make from the seats in conflict, each with its delta.

Rows are the conflicting (round, mentee) seats of one step; a delta is the change in the
schedule's objective, BLOCKED where the move is not allowed (an expert met twice, a
table outside the organizer's range, someone not there that round).
"""

from __future__ import annotations

import numpy as np

from bot.events.roster import IntArray
from bot.events.schedule import Schedule

BLOCKED = 10**15


class Neighbourhood:
    """Shared gathers for the conflicting (round, mentee) rows of one step."""

    def __init__(
        self, schedule: Schedule, own: IntArray, indexes: IntArray, mentees: IntArray
    ) -> None:
        self.schedule = schedule
        self.own = own
        self.indexes = indexes
        self.mentees = mentees
        rows = schedule.rows
        self.home = rows[indexes, mentees]
        self.sizes = schedule.sizes[schedule.first :]
        self.home_size = self.sizes[indexes, self.home]
        self.row_conflicts = schedule.conflicts[indexes, mentees]
        # what leaving the home table removes: pairs who met there and elsewhere too
        self.leaving = own[indexes, mentees] - (self.home_size - 1)
        self.next_value = schedule.next_value()
        self.last_value = schedule.last_value()
        topics = schedule.topics
        self.home_topic = topics[self.home]
        self.home_loss = self.last_value[mentees, self.home_topic]

    def _keep(
        self, index: IntArray, mentee: IntArray, before: IntArray, after: IntArray
    ) -> IntArray:
        schedule = self.schedule
        if schedule.previous is None:
            return np.zeros(np.broadcast(before, after).shape, dtype=np.int64)
        previous = schedule.previous[schedule.first :][index, mentee]
        keep: IntArray = schedule.weights.keep * (
            (previous == before).astype(np.int64) - (previous == after).astype(np.int64)
        )
        return keep

    def swaps(self) -> IntArray:
        schedule = self.schedule
        rows = schedule.rows
        participants = rows.shape[1]
        everyone = np.arange(participants)[np.newaxis, :]
        away = rows[self.indexes]
        valid = (away >= 0) & (away != self.home[:, np.newaxis])
        away_safe = np.clip(away, 0, None)
        home = self.home[:, np.newaxis]
        mentee = self.mentees[:, np.newaxis]
        valid &= schedule.met[mentee, away_safe] == 0
        valid &= schedule.met[everyone, home] == 0
        pair_delta = (
            schedule.conflicts[self.indexes[:, np.newaxis], mentee, away_safe]
            + schedule.conflicts[self.indexes[:, np.newaxis], everyone, home]
            - 2 * schedule.pairs[self.mentees]
            - self.leaving[:, np.newaxis]
            - (self.own[self.indexes] - (self.sizes[self.indexes[:, np.newaxis], away_safe] - 1))
        )
        topics = schedule.topics
        away_topic = topics[away_safe]
        home_topic = self.home_topic[:, np.newaxis]
        changes = away_topic != home_topic
        gain = np.where(
            changes,
            self.next_value[self.mentees[:, np.newaxis], away_topic]
            - self.home_loss[:, np.newaxis]
            + self.next_value[everyone, home_topic]
            - self.last_value[everyone, away_topic],
            0,
        )
        index = self.indexes[:, np.newaxis]
        keep = self._keep(index, self.mentees[:, np.newaxis], home, away) + self._keep(
            index, everyone, away, home
        )
        deltas: IntArray = schedule.weights.pair * pair_delta - gain + keep
        return np.where(valid, deltas, BLOCKED)

    def moves(self, table_min: int, table_max: int) -> IntArray:
        schedule = self.schedule
        experts = len(schedule.roster.experts)
        targets = np.arange(experts)[np.newaxis, :]
        target_sizes = self.sizes[self.indexes]
        home = self.home[:, np.newaxis]
        valid = (target_sizes >= 1) & (target_sizes < table_max) & (targets != home)
        valid &= (self.home_size > table_min)[:, np.newaxis]
        valid &= schedule.met[self.mentees] == 0
        pair_delta = self.row_conflicts - self.leaving[:, np.newaxis]
        topics = schedule.topics[np.newaxis, :]
        gain = np.where(
            topics != self.home_topic[:, np.newaxis],
            self.next_value[self.mentees[:, np.newaxis], topics] - self.home_loss[:, np.newaxis],
            0,
        )
        balance = 2 * (target_sizes - self.home_size[:, np.newaxis] + 1)
        keep = self._keep(self.indexes[:, np.newaxis], self.mentees[:, np.newaxis], home, targets)
        weights = schedule.weights
        deltas: IntArray = weights.pair * pair_delta - gain + weights.balance * balance + keep
        return np.where(valid, deltas, BLOCKED)

    def trades(self, table_min: int, table_max: int) -> IntArray:
        """Mentee gives their seat in round i for their seat (or free round) in round j."""
        schedule = self.schedule
        rows = schedule.rows
        rounds = rows.shape[0]
        other = np.arange(rounds)[np.newaxis, :]
        index = self.indexes[:, np.newaxis]
        mentee = self.mentees[:, np.newaxis]
        home = self.home[:, np.newaxis]
        there = rows[:, self.mentees].T
        there_safe = np.clip(there, 0, None)
        seated_there = there >= 0
        sizes_here = self.sizes[index, there_safe]
        sizes_there = self.sizes[other, there_safe]
        home_there = self.sizes[other, home]
        valid = (other != index) & (there != home) & schedule.attending()[other, mentee]
        valid &= (home_there >= 1) & (home_there < table_max)
        valid &= (self.home_size > table_min)[:, np.newaxis]
        valid &= ~seated_there | (
            (sizes_here >= 1) & (sizes_here < table_max) & (sizes_there > table_min)
        )
        joining_here = np.where(seated_there, schedule.conflicts[index, mentee, there_safe], 0)
        conflicts_there = schedule.conflicts[other, mentee, home]
        leaving_there = np.where(seated_there, self.own[other, mentee] - (sizes_there - 1), 0)
        pair_delta = joining_here - self.leaving[:, np.newaxis] + conflicts_there - leaving_there
        pair_delta += self._overlaps(there)
        balance = np.where(seated_there, 2 * (sizes_here - sizes_there + 1), 0) + 2 * (
            home_there - self.home_size[:, np.newaxis] + 1
        )
        keep = self._keep(index, mentee, home, there) + self._keep(other, mentee, there, home)
        weights = schedule.weights
        deltas: IntArray = weights.pair * pair_delta + weights.balance * balance + keep
        return np.where(valid, deltas, BLOCKED)

    def pair_trades(self) -> IntArray:
        """Mentee and partner swap seats in two rounds, the partner holding the mentee's
        two seats the other way round: both keep their experts and every table its size.

        Columns are other round x partner.
        """
        schedule = self.schedule
        rows = schedule.rows
        rounds, participants = rows.shape
        index = self.indexes[:, np.newaxis, np.newaxis]
        mentee = self.mentees[:, np.newaxis, np.newaxis]
        other = np.arange(rounds)[np.newaxis, :, np.newaxis]
        partner = np.arange(participants)[np.newaxis, np.newaxis, :]
        here = self.home[:, np.newaxis, np.newaxis]
        there = rows[:, self.mentees].T[:, :, np.newaxis]
        attending = schedule.attending()
        valid = (other != index) & (partner != mentee) & (there != here)
        valid &= (rows[index, partner] == there) & (rows[other, partner] == here)
        valid &= attending[index, partner] & attending[other, partner] & attending[other, mentee]
        pair_delta = self._exchange(index, mentee, partner, here, there) + self._exchange(
            other, mentee, partner, there, here
        )
        # the partner's own seats overlap too, one less on each side
        overlaps = 2 * (self._overlaps(there[:, :, 0]) - (there[:, :, 0] >= 0))
        pair_delta += overlaps[:, :, np.newaxis]
        keep = (
            self._keep(index, mentee, here, there)
            + self._keep(index, partner, there, here)
            + self._keep(other, mentee, there, here)
            + self._keep(other, partner, here, there)
        )
        deltas = np.where(valid, schedule.weights.pair * pair_delta + keep, BLOCKED)
        result: IntArray = deltas.reshape(self.indexes.size, rounds * participants)
        return result

    def _exchange(
        self,
        index: IntArray,
        mentee: IntArray,
        partner: IntArray,
        seat: IntArray,
        partner_seat: IntArray,
    ) -> IntArray:
        """Repeats added when mentee and partner (either may be free) swap seats in a round."""
        schedule = self.schedule
        conflicts, pairs = schedule.conflicts, schedule.pairs
        seat_safe, partner_safe = np.clip(seat, 0, None), np.clip(partner_seat, 0, None)
        together = pairs[mentee, partner]
        joining_mentee = np.where(
            partner_seat >= 0, conflicts[index, mentee, partner_safe] - together, 0
        )
        joining_partner = np.where(seat >= 0, conflicts[index, partner, seat_safe] - together, 0)
        leaving_mentee = np.where(
            seat >= 0, self.own[index, mentee] - self.sizes[index, seat_safe] + 1, 0
        )
        leaving_partner = np.where(
            partner_seat >= 0, self.own[index, partner] - self.sizes[index, partner_safe] + 1, 0
        )
        delta: IntArray = joining_mentee + joining_partner - leaving_mentee - leaving_partner
        return delta

    def _overlaps(self, there: IntArray) -> IntArray:
        """Repeats a two-round move adds beyond its two rounds taken one at a time.

        The mentee leaves table X and joins Y in this round, and the reverse in round j;
        someone sitting at X here and at Y there (or at Y here and X there) is met once
        more or once less in both rounds at once. there[row, j] is the mentee's seat in
        round j (UNSEATED when free); here is their seat in the row's round.
        """
        rows = self.schedule.rows
        here_rows = rows[self.indexes][:, np.newaxis, :]
        there_rows = rows[np.newaxis, :, :]
        here = self.home[:, np.newaxis, np.newaxis]
        seat = there[:, :, np.newaxis]
        seated = there >= 0
        at_x_here = here_rows == here
        at_y_here = (here_rows == seat) & seated[:, :, np.newaxis]
        at_x_there = there_rows == here
        at_y_there = (there_rows == seat) & seated[:, :, np.newaxis]
        crossed = (at_x_here & at_y_there).sum(axis=2) + (at_y_here & at_x_there).sum(axis=2)
        stayed = (at_x_here & at_x_there).sum(axis=2) + (at_y_here & at_y_there).sum(axis=2)
        # the mentee sits at X here and at Y there: not someone else met
        overlap: IntArray = crossed - stayed - seated
        return overlap

"""Breaking up repeated pairs inside one round by swapping or moving mentees between tables."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.events.flow import FORBIDDEN
from bot.events.roster import IntArray
from bot.events.scoring import SCALE

# While seating round by round a repeated pair weighs as much as two preference points:
# a guide that keeps good seats within reach; the whole-schedule search keeps whichever
# schedule has fewer repeated pairs first, whatever the points.
PAIR_WEIGHT = 2 * SCALE


def descend(table_round: TableRound, rng: np.random.Generator) -> bool:
    """Take improving swaps and moves for mentees who sit with someone already met."""
    row, seated, conflicts = table_round.row, table_round.seated, table_round.conflicts
    changed = False
    budget = 20 * seated.size
    improved = True
    while improved and budget > 0:
        improved = False
        candidates = seated[conflicts[seated, row[seated]] > 0]
        for mentee in rng.permutation(candidates).tolist():
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


@dataclass
class TableRound:
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
    def of(
        cls,
        assignment: IntArray,
        pair_count: IntArray,
        experts: int,
        round_index: int,
        costs: IntArray,
    ) -> TableRound | None:
        row = assignment[round_index]
        seated = np.flatnonzero(row >= 0)
        if seated.size < 2:
            return None
        membership = np.zeros((seated.size, experts), dtype=np.float64)
        membership[np.arange(seated.size), row[seated]] = 1.0
        met = pair_count
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

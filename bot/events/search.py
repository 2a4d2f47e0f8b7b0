"""Whole-schedule tabu search on the mentee pairs who still meet twice.

Conflict-directed, after Dotu & Van Hentenryck's social-golfer search: every step looks
only at mentees who sit with someone they already met, and makes the best non-tabu
move among swapping two mentees' seats in one round, moving one mentee to another
table of the round (table sizes anywhere within the organizer's range), or trading one
mentee's seats between two rounds (same experts, so no preference is lost). A move is
taken even when worse, to climb out of local optima; after a while without progress
the search restarts from the best schedule, shaken by a few random swaps. Nobody ever
meets the same expert twice.

Once no pair repeats (or the tabu search stops), a polish spends what is left of the
budget on moves anywhere in the schedule that earn preference points or even out tables
without adding a repeated pair: repeats come first, preference next, balance last.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from bot.events.flow import NOISE
from bot.events.neighbours import BLOCKED, Neighbourhood
from bot.events.roster import BoolArray, IntArray
from bot.events.schedule import Schedule, Weights
from bot.events.scoring import SCALE

if TYPE_CHECKING:
    from bot.events.engine import SeatingEngine

BALANCE_COST = 1
STALL_STEPS = 300
IDLE_RESTARTS = 12
SHAKES = 3
TIME_CHECK_STEPS = 16
# Steps per CPU second measured on a loaded 2-core machine; samples keep steps alike in
# cost, and steps that also weigh trades across rounds cost about twice as much.
SWAP_STEPS_PER_SECOND = 1200
TRADE_STEPS_PER_SECOND = 500
CPU_CAP_FACTOR = 3
TENURE_MIN = 4
# Each step looks at a random sample of the conflicting seats, about this many cells.
CELLS_PER_STEP = 4096
ROWS_AT_LEAST = 16
TENURE_SPREAD = 30
# The polish stops after this many samples in a row without an improving move, or when
# it has taken this share of the step budget.
POLISH_IDLE = 24
POLISH_SHARE = 0.25
# Polish steps skip trades, so each can look at more seats for the same work.
POLISH_CELLS = 4 * CELLS_PER_STEP
# A repeated pair outweighs every preference, kept-seat and balance change a whole
# schedule can make (at most about 10**11 at 1,000 mentees over 10 rounds), and stays
# far enough below BLOCKED for a move's delta, times NOISE, to fit 64 bits.
PAIR_WEIGHT = 10**12
# The tabu walk is guided by a softer weight, a repeated pair as two preference points,
# which lets it pass through seatings that earn more; the schedule it keeps is still the
# best by (repeated pairs, everything else).
WALK_PAIR_POINTS = 2


@dataclass(frozen=True)
class _Move:
    """One step: seat (index, mentee) at target; a partner or second round moves too."""

    delta: int
    index: int
    mentee: int
    target: int
    partner: int = -1
    other_index: int = -1


def search(
    engine: SeatingEngine, from_round_index: int, seconds: float, keep_cost: int, walk: bool = True
) -> None:
    """Improve engine.assignment for about `seconds` of CPU time; adopt it if better.

    The budget is counted in steps (each about the same work), so the same inputs give
    the same plan on any machine; CPU time only stops a search slowed far beyond that.
    """
    if seconds <= 0 or not engine.roster.attending[from_round_index:].any():
        return
    strict = lexicographic_weights(engine.roster.spec.table_max, keep_cost)
    guide = replace(strict, pair=WALK_PAIR_POINTS * SCALE * strict.preference)
    schedule = Schedule(engine.roster, engine.assignment, from_round_index, engine.previous, guide)
    tabu = _Tabu(schedule, engine.rng, seconds)
    best = tabu.run() if walk and schedule.repeats() > 0 else schedule.assignment.copy()
    tabu.schedule = Schedule(engine.roster, best, from_round_index, engine.previous, strict)
    best = tabu.polish()
    before = engine.assignment.copy()
    start = engine.objective()
    engine.adopt(best)
    if engine.objective() > start:
        engine.adopt(before)


def lexicographic_weights(table_max: int, keep_cost: int) -> Weights:
    """Weights that rank schedules strictly in order: repeated pairs, kept seats (in
    preference units), preference points, then balance.

    One move changes the sum of squared table sizes by at most 4 * table_max + 4, so a
    preference point scaled past that is never traded for balance.
    """
    preference = 4 * table_max + 5
    return Weights(
        pair=PAIR_WEIGHT, keep=keep_cost * preference, balance=BALANCE_COST, preference=preference
    )


class _Tabu:
    def __init__(self, schedule: Schedule, rng: np.random.Generator, seconds: float) -> None:
        self.schedule = schedule
        self.rng = rng
        rounds, participants = schedule.rows.shape
        experts = len(schedule.roster.experts)
        # tabu_until[i, p, e]: p may not return to expert e in round i before that step
        self.tabu_until = np.full((rounds, participants, experts), -1, dtype=np.int32)
        # swapped_until[i, p, q]: p and q may not swap seats again in round i before that step
        self.swapped_until = np.full((rounds, participants, participants), -1, dtype=np.int32)
        spec = schedule.roster.spec
        self.table_min, self.table_max = spec.table_min, spec.table_max
        # a seat can change rounds only with an expert who hosts in both
        hosting = (schedule.sizes[schedule.first :] > 0).sum(axis=0)
        self.can_trade = rounds > 1 and bool((hosting > 1).any())
        rate = TRADE_STEPS_PER_SECOND if self.can_trade else SWAP_STEPS_PER_SECOND
        self.steps = max(1, round(seconds * rate))
        self.deadline = time.process_time() + CPU_CAP_FACTOR * seconds
        self.steps_taken = 0

    def run(self) -> IntArray:
        schedule = self.schedule
        best, best_total = schedule.assignment.copy(), schedule.total
        best_key = self._key()
        step = last_gain = idle = 0
        while schedule.repeats() > 0 and idle <= IDLE_RESTARTS and step < self.steps:
            if step % TIME_CHECK_STEPS == 0 and time.process_time() > self.deadline:
                break
            step += 1
            self.steps_taken = step
            move = self._best_move(step, best_total)
            if move is None or step - last_gain > STALL_STEPS:
                schedule.load(best)
                self._shake()
                self.tabu_until[:] = -1
                self.swapped_until[:] = -1
                last_gain, idle = step, idle + 1
                continue
            self._forbid_return(move, step)
            self._apply(move)
            key = self._key()
            if key < best_key:
                best, best_total, best_key = schedule.assignment.copy(), schedule.total, key
                last_gain, idle = step, 0
        return best

    def _key(self) -> tuple[int, int]:
        """Repeated pairs first, then the rest of the objective."""
        schedule = self.schedule
        repeats = schedule.repeats()
        return repeats, schedule.total - schedule.weights.pair * repeats

    def polish(self) -> IntArray:
        """Take improving moves from random seats until none is found for a while."""
        schedule = self.schedule
        self.tabu_until[:] = -1
        self.swapped_until[:] = -1
        indexes, mentees = np.nonzero(schedule.rows >= 0)
        step, idle = self.steps_taken, 0
        last = min(self.steps, step + max(1, round(POLISH_SHARE * self.steps)))
        while indexes.size and idle < POLISH_IDLE and step < last:
            if step % TIME_CHECK_STEPS == 0 and time.process_time() > self.deadline:
                break
            step += 1
            most = self._sample_size(trades=False)
            chosen = self.rng.choice(indexes.size, size=min(most, indexes.size), replace=False)
            move = self._best_of(np.sort(chosen), indexes, mentees, step, 0, trades=False)
            if move is None or move.delta >= 0:
                # a sample of every seat that finds nothing will find nothing again
                idle = POLISH_IDLE if most >= indexes.size else idle + 1
                continue
            self._apply(move)
            indexes, mentees = np.nonzero(schedule.rows >= 0)
            idle = 0
        return schedule.assignment.copy()

    def _sample_size(self, trades: bool = True) -> int:
        rounds, participants = (int(size) for size in self.schedule.rows.shape)
        if not trades:
            return max(ROWS_AT_LEAST, POLISH_CELLS // participants)
        # trades with a partner look at every other round and participant for each row
        width = participants * (rounds if self.can_trade else 1)
        return max(ROWS_AT_LEAST, CELLS_PER_STEP // width)

    def _forbid_return(self, move: _Move, step: int) -> None:
        rows = self.schedule.rows
        home = int(rows[move.index, move.mentee])
        until = step + TENURE_MIN + int(self.rng.integers(TENURE_SPREAD))
        if move.partner >= 0:
            for index in (move.index, move.other_index):
                if index >= 0:
                    self.swapped_until[index, move.mentee, move.partner] = until
                    self.swapped_until[index, move.partner, move.mentee] = until
            return
        self.tabu_until[move.index, move.mentee, home] = until
        if move.other_index >= 0 and move.target >= 0:
            self.tabu_until[move.other_index, move.mentee, move.target] = until

    def _apply(self, move: _Move) -> None:
        schedule = self.schedule
        rows = schedule.rows
        origin = int(rows[move.index, move.mentee])
        if move.partner >= 0 and move.other_index >= 0:
            for index, seat, partner_seat in (
                (move.index, origin, move.target),
                (move.other_index, move.target, origin),
            ):
                schedule.relocate(index, move.mentee, partner_seat)
                schedule.relocate(index, move.partner, seat)
        elif move.partner >= 0:
            schedule.relocate(move.index, move.mentee, move.target)
            schedule.relocate(move.index, move.partner, origin)
        elif move.other_index >= 0:
            schedule.relocate(move.index, move.mentee, move.target)
            schedule.relocate(move.other_index, move.mentee, origin)
        else:
            schedule.relocate(move.index, move.mentee, move.target)

    def _shake(self) -> None:
        """A few random swaps in one round that keep every expert unmet twice."""
        schedule = self.schedule
        rows = schedule.rows
        for _ in range(SHAKES):
            index = int(self.rng.integers(rows.shape[0]))
            seated = np.flatnonzero(rows[index] >= 0)
            if seated.size < 2:
                continue
            mentee, partner = self.rng.choice(seated, size=2, replace=False).tolist()
            home, away = int(rows[index, mentee]), int(rows[index, partner])
            if home == away or schedule.met[mentee, away] or schedule.met[partner, home]:
                continue
            schedule.relocate(index, mentee, away)
            schedule.relocate(index, partner, home)

    def _best_move(self, step: int, best_total: int) -> _Move | None:
        schedule = self.schedule
        rows = schedule.rows
        own = schedule.own_conflicts()
        sizes = schedule.sizes[schedule.first :]
        table_sizes = sizes[np.arange(rows.shape[0])[:, np.newaxis], np.clip(rows, 0, None)]
        excess = np.where(rows >= 0, own - (table_sizes - 1), 0)
        indexes, mentees = np.nonzero(excess > 0)
        if indexes.size == 0:
            return None
        most = self._sample_size()
        chosen = np.arange(indexes.size)
        if indexes.size > most:
            chosen = np.sort(self.rng.choice(indexes.size, size=most, replace=False))
        return self._best_of(chosen, indexes, mentees, step, best_total - schedule.total)

    def _best_of(
        self,
        chosen: IntArray,
        indexes: IntArray,
        mentees: IntArray,
        step: int,
        allowed: int,
        trades: bool = True,
    ) -> _Move | None:
        """The best move of any kind for the chosen (round, mentee) seats.

        Trades across rounds keep every expert, so they earn no preference points:
        the polish leaves them out.
        """
        schedule = self.schedule
        own = schedule.own_conflicts()
        context = Neighbourhood(schedule, own, indexes[chosen], mentees[chosen])
        candidates = [self._pick(context.swaps(), step, allowed, context, "swap")]
        if self.table_min < self.table_max:
            moves = context.moves(self.table_min, self.table_max)
            candidates.append(self._pick(moves, step, allowed, context, "move"))
        if self.can_trade and trades:
            one_trades = context.trades(self.table_min, self.table_max)
            candidates.append(self._pick(one_trades, step, allowed, context, "trade"))
            pair_trades = context.pair_trades()
            candidates.append(self._pick(pair_trades, step, allowed, context, "pair trade"))
        found = [move for move in candidates if move is not None]
        return min(found, key=lambda move: move.delta) if found else None

    def _pick(
        self, deltas: IntArray, step: int, allowed: int, context: Neighbourhood, kind: str
    ) -> _Move | None:
        """The best non-tabu candidate of one kind (tabu ones only when they beat the best)."""
        if deltas.size == 0:
            return None
        tabu = self._tabu_mask(context, kind, step)
        deltas = np.where(tabu & (deltas >= allowed), BLOCKED, deltas)
        ranked = deltas * NOISE + self.rng.integers(0, NOISE, size=deltas.shape)
        row, column = np.unravel_index(int(np.argmin(ranked)), ranked.shape)
        delta = int(deltas[row, column])
        if delta >= BLOCKED:
            return None
        index, mentee = int(context.indexes[row]), int(context.mentees[row])
        rows = self.schedule.rows
        if kind == "swap":
            return _Move(delta, index, mentee, int(rows[index, column]), partner=int(column))
        if kind == "move":
            return _Move(delta, index, mentee, int(column))
        if kind == "pair trade":
            other, partner = divmod(int(column), rows.shape[1])
            return _Move(delta, index, mentee, int(rows[other, mentee]), partner, other)
        return _Move(delta, index, mentee, int(rows[column, mentee]), other_index=int(column))

    def _tabu_mask(self, context: Neighbourhood, kind: str, step: int) -> BoolArray:
        rows = self.schedule.rows
        tabu = self.tabu_until
        index = context.indexes[:, np.newaxis]
        mentee = context.mentees[:, np.newaxis]
        home = context.home[:, np.newaxis]
        if kind == "move":
            mask: BoolArray = tabu[context.indexes, context.mentees] >= step
            return mask
        if kind == "swap":
            mask = self.swapped_until[context.indexes, context.mentees] >= step
            return mask
        if kind == "pair trade":
            swapped = self.swapped_until
            other = np.arange(rows.shape[0])[np.newaxis, :, np.newaxis]
            partner = np.arange(rows.shape[1])[np.newaxis, np.newaxis, :]
            mentee3 = context.mentees[:, np.newaxis, np.newaxis]
            index3 = context.indexes[:, np.newaxis, np.newaxis]
            mask = (swapped[index3, mentee3, partner] >= step) | (
                swapped[other, mentee3, partner] >= step
            )
            return mask.reshape(context.indexes.size, -1)
        there = np.clip(rows[:, context.mentees].T, 0, None)
        other = np.arange(rows.shape[0])[np.newaxis, :]
        mask = (tabu[index, mentee, there] >= step) | (tabu[other, mentee, home] >= step)
        return mask

"""Search offline for a zero-repeat social-golfer schedule of 8 groups of 4 over 10 rounds.

    uv run --with numba python devtools/golfer_search.py MODEL [seconds] [first seed] [b,c,d]

numba compiles the search loop; it is not a project dependency (this tool runs offline
and its only output is data for `_STORED` in bot/events/designs.py). Run it with
`nice -n 19`.

Everyone meets 30 of the other 31 players, so the pairs that never meet form a perfect
matching. A model imposes a group of shifts: the schedule is a few base rounds and their
images. A pair's orbit under the shifts is its label; the developed schedule repeats no
pair exactly when no label is used twice by the base rounds' pairs (a pair whose orbit is
shorter than the group would meet more than once, so its label is unusable). MODEL is

- full: no symmetry, ten base rounds, one label per pair;
- z5: players Z_5 x 6 levels plus two fixed players, two base rounds shifted five times
  (96 pairs, 99 labels: the unused ones are the never-meeting matching);
- z10: Z_10 x 3 levels plus two fixed players, one base round shifted ten times (48 pairs,
  48 labels: distance 5 within a level and the two fixed players never meet);
- z8: Z_8 x 4 levels, one base round shifted eight times plus two rounds that are the
  shifts of the transversals (0, 0, 0, 0) and (0, b, c, d) (distance 4 never meets). The
  base round's 48 pairs then carry exactly 48 labels; counting pairs at odd distance shows
  b + c + d must be even (the sum over a block of its members' parities, taken pair by
  pair, is the parity of its members' sum).

The search is tabu over swaps of two players of different groups in one base round, at
least one of them in a pair whose label is overused (after Dotu and Van Hentenryck,
2005); swaps that undo a recent one are tabu unless they reach a new best, and a stall
restarts from the best with random swaps. Results on 2 shared cores (December 2026), all
without a zero: full stays at 20-25 surplus meetings (3,000 swaps a second); z5 and z10
reach 1 within seconds (15,000-40,000 swaps a second) and never 0 in millions of swaps;
z8 stays at 2 for the (b, c, d) tried. A depth-first variant with restarts (not kept, 5
million nodes a second) placed at best 31 of 32 players for z10 in a minute and for z8 in
4 seconds for each even (b, c, d).

Models ruled out, by hand or by CP-SAT in throwaway scripts (not kept), before or
instead of any search:
- completing the 8 rounds of a resolvable TD(4, 8): what is left are the pairs inside its
  four groups of 8, and two rounds cannot split a group of 8 into fours twice without a
  pair meeting twice;
- completing 8 or 7 rounds of cosets of disjoint lines of PG(4, 2) (the affine rounds of
  the 9-round design): CP-SAT proves it infeasible in under a second for every partial
  spread tried (10 of each); ten such rounds would need a partial spread of 10 lines, and
  the largest has 9;
- a group of order 16 acting on two levels of 16 with the rounds in five pairs, each
  round invariant under an index-2 subgroup: Z_2^4 by hand (a block is {x, x + s} from
  each level or a coset of a 2-subspace in one; two 2-subspaces of a hyperplane meet,
  and otherwise the cross differences sum to the never-met difference instead of 0),
  Z_16, Z_8 x Z_2 and Z_4 x Z_4 by CP-SAT over one variable per orbit of pairs
  (infeasible in seconds for every choice of the five subgroups, never-met pairs either
  a cross difference or, within levels, the difference (8), (4, 0) or (2, 0)); Z_2^4
  with every round invariant fails by the same sum;
- Z_15 on two levels plus two fixed players (each fixed player's block must be a fixed
  player with a coset of {0, 5, 10}, using the same distance-5 orbit twice);
- the dihedral group of order 10 on three levels (only 42 full orbits for 48 pairs).
So a stored 8-4-10 design still has to come from a model not tried here (Z_4 x Z_2 x Z_2
on two levels was not run), a longer search, or a published construction re-derived.

On success the rounds are printed in the format of `_STORED` after an independent check.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt

from bot.events.designs import repeated_pairs

GROUPS = 8
SIZE = 4
PLAYERS = GROUPS * SIZE
ROUNDS = 10
Ints = npt.NDArray[np.int64]
Function = TypeVar("Function", bound=Callable[..., Any])


def _compiled(function: Function) -> Function:
    return cast(Function, numba.njit(cache=True)(function))


@dataclass(frozen=True)
class Model:
    """Shifts (powers of `shift`, a player permutation) and what the base rounds may use."""

    shift: Ints
    order: int
    base_rounds: int
    # label of each pair of players; labels of capacity 0 may never be used
    labels: Ints
    capacity: Ints
    extra_rounds: Ints

    def develop(self, base: Ints) -> Ints:
        """All rounds: every base round under every shift, then the extra rounds."""
        rows = []
        for row in base:
            moved = np.arange(PLAYERS)
            for _ in range(self.order):
                image = np.empty(PLAYERS, dtype=np.int64)
                image[moved] = row
                rows.append(image)
                moved = self.shift[moved]
        return np.vstack([np.array(rows, dtype=np.int64), self.extra_rounds])


def _cyclic_shift(order: int, levels: int) -> Ints:
    players = np.arange(PLAYERS)
    shifted = players.copy()
    cycled = players < order * levels
    shifted[cycled] = players[cycled] // order * order + (players[cycled] + 1) % order
    return shifted


def _model(shift: Ints, order: int, extra_rounds: Ints) -> Model:
    """Labels are pair orbits under the shifts; short orbits and the extra rounds' orbits
    (which those rounds already cover once) get capacity 0."""
    powers = [np.arange(PLAYERS)]
    for _ in range(order - 1):
        powers.append(shift[powers[-1]])
    labels = np.full((PLAYERS, PLAYERS), -1, dtype=np.int64)
    names: dict[tuple[int, ...], int] = {}
    short: set[int] = set()
    for left, right in itertools.combinations(range(PLAYERS), 2):
        orbit = {tuple(sorted((int(p[left]), int(p[right])))) for p in powers}
        name = names.setdefault(min(orbit), len(names))
        labels[left, right] = labels[right, left] = name
        if len(orbit) < order:
            short.add(name)
    capacity = np.ones(len(names) + 1, dtype=np.int64)
    capacity[len(names)] = 0
    capacity[list(short)] = 0
    for row in extra_rounds:
        for left, right in itertools.combinations(range(PLAYERS), 2):
            if row[left] == row[right]:
                capacity[labels[left, right]] = 0
    np.fill_diagonal(labels, len(names))
    return Model(shift, order, ROUNDS // order, labels, capacity, extra_rounds)


def model(name: str, transversal: tuple[int, int, int] = (1, 2, 3)) -> Model:
    if name == "full":
        return _model(np.arange(PLAYERS), 1, np.zeros((0, PLAYERS), dtype=np.int64))
    if name in ("z5", "z10"):
        order = int(name[1:])
        return _model(_cyclic_shift(order, 30 // order), order, np.zeros((0, PLAYERS), np.int64))
    if name == "z8":
        extra = np.zeros((2, PLAYERS), dtype=np.int64)
        for index, start in enumerate([(0, 0, 0, 0), (0, *transversal)]):
            for level, offset in enumerate(start):
                for group in range(8):
                    extra[index, level * 8 + (offset + group) % 8] = group
        return _model(_cyclic_shift(8, 4), 8, extra)
    raise SystemExit(f"unknown model {name}")


@_compiled
def _recount(labels: Ints, capacity: Ints, members: Ints, uses: Ints) -> int:
    uses[:] = 0
    cost = 0
    for base in range(members.shape[0]):
        for group in range(GROUPS):
            for first in range(SIZE):
                for second in range(first + 1, SIZE):
                    label = labels[members[base, group, first], members[base, group, second]]
                    cost += uses[label] >= capacity[label]
                    uses[label] += 1
    return cost


@_compiled
def _move(labels: Ints, uses: Ints, group: Ints, player: int, skip: int, step: int) -> None:
    for other in group:
        if other != skip:
            uses[labels[player, other]] += step


@_compiled
def _leave(labels: Ints, capacity: Ints, uses: Ints, group: Ints, player: int) -> int:
    delta = 0
    for other in group:
        if other != player:
            label = labels[player, other]
            delta -= uses[label] > capacity[label]
            uses[label] -= 1
    return delta


@_compiled
def _join(labels: Ints, capacity: Ints, uses: Ints, group: Ints, player: int, skip: int) -> int:
    delta = 0
    for other in group:
        if other != skip:
            label = labels[player, other]
            delta += uses[label] >= capacity[label]
            uses[label] += 1
    return delta


@_compiled
def _swap_delta(
    labels: Ints, capacity: Ints, uses: Ints, left_group: Ints, right_group: Ints, x: int, y: int
) -> int:
    """Cost change of swapping left_group[x] and right_group[y], leaving `uses` as it was."""
    left, right = left_group[x], right_group[y]
    delta = _leave(labels, capacity, uses, left_group, left)
    delta += _leave(labels, capacity, uses, right_group, right)
    delta += _join(labels, capacity, uses, right_group, left, right)
    delta += _join(labels, capacity, uses, left_group, right, left)
    _move(labels, uses, right_group, left, right, -1)
    _move(labels, uses, left_group, right, left, -1)
    _move(labels, uses, left_group, left, left, 1)
    _move(labels, uses, right_group, right, right, 1)
    return delta


@_compiled
def _in_conflict(labels: Ints, capacity: Ints, uses: Ints, group: Ints, x: int) -> bool:
    for y in range(SIZE):
        label = labels[group[x], group[y]]
        if y != x and uses[label] > capacity[label]:
            return True
    return False


@_compiled
def _best_moves(
    labels: Ints,
    capacity: Ints,
    uses: Ints,
    members: Ints,
    tabu: Ints,
    step: int,
    room: int,
    found: Ints,
) -> tuple[int, int]:
    """Lowest delta over allowed swaps, and how many swaps reaching it were written to
    `found` as (base, x slot, y slot); tabu swaps count only when their delta is below
    `room`, so they reach a new best."""
    lowest = 1 << 30
    count = 0
    for base in range(members.shape[0]):
        for left in range(GROUPS):
            for x in range(SIZE):
                if not _in_conflict(labels, capacity, uses, members[base, left], x):
                    continue
                for right in range(GROUPS):
                    if right == left:
                        continue
                    for y in range(SIZE):
                        delta = _swap_delta(
                            labels, capacity, uses, members[base, left], members[base, right], x, y
                        )
                        blocked = (
                            tabu[base, members[base, left, x], right] > step
                            or tabu[base, members[base, right, y], left] > step
                        )
                        if (blocked and delta >= room) or delta > lowest:
                            continue
                        if delta < lowest:
                            lowest, count = delta, 0
                        found[count, 0] = base
                        found[count, 1] = left * SIZE + x
                        found[count, 2] = right * SIZE + y
                        count += 1
    return lowest, count


@_compiled
def _swap(labels: Ints, uses: Ints, members: Ints, base: int, x_slot: int, y_slot: int) -> None:
    left, x = divmod(x_slot, SIZE)
    right, y = divmod(y_slot, SIZE)
    one, two = members[base, left, x], members[base, right, y]
    _move(labels, uses, members[base, left], one, one, -1)
    _move(labels, uses, members[base, right], two, two, -1)
    members[base, left, x], members[base, right, y] = two, one
    _move(labels, uses, members[base, right], one, one, 1)
    _move(labels, uses, members[base, left], two, two, 1)


@_compiled
def tabu_search(labels: Ints, capacity: Ints, bases: int, seed: int, steps: int) -> Ints:
    """Best base rounds found, as members[base, group, seat]; its cost is checked later."""
    np.random.seed(seed)
    members = np.empty((bases, GROUPS, SIZE), dtype=np.int64)
    for base in range(bases):
        members[base] = np.random.permutation(PLAYERS).reshape(GROUPS, SIZE)
    uses = np.zeros(capacity.shape[0], dtype=np.int64)
    cost = _recount(labels, capacity, members, uses)
    best, best_members = cost, members.copy()
    tabu = np.zeros((bases, PLAYERS, GROUPS), dtype=np.int64)
    found = np.empty((bases * PLAYERS * PLAYERS, 3), dtype=np.int64)
    stalled = 0
    for step in range(1, steps):
        if cost == 0:
            break
        delta, moves = _best_moves(labels, capacity, uses, members, tabu, step, best - cost, found)
        if moves:
            pick = np.random.randint(moves)
            base, x_slot, y_slot = found[pick, 0], found[pick, 1], found[pick, 2]
            for slot in (x_slot, y_slot):
                player = members[base, slot // SIZE, slot % SIZE]
                tabu[base, player, slot // SIZE] = step + 2 + np.random.randint(7)
            _swap(labels, uses, members, base, x_slot, y_slot)
            cost += delta
        if cost < best:
            best, best_members, stalled = cost, members.copy(), 0
        stalled += 1
        if stalled > 2000 or not moves:
            members[:] = best_members
            for _ in range(2 + np.random.randint(6)):
                left = np.random.randint(GROUPS)
                right = (left + 1 + np.random.randint(GROUPS - 1)) % GROUPS
                slots = (left * SIZE + np.random.randint(SIZE), right * SIZE + np.random.randint(4))
                _swap(labels, uses, members, np.random.randint(bases), slots[0], slots[1])
            cost = _recount(labels, capacity, members, uses)
            tabu[:] = 0
            stalled = 0
    return best_members


def search(chosen: Model, seconds: float, seed: int) -> Ints | None:
    """Developed zero-repeat rounds, or None when `seconds` of seeds found none."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        members = tabu_search(chosen.labels, chosen.capacity, chosen.base_rounds, seed, 300_000)
        base = np.zeros((chosen.base_rounds, PLAYERS), dtype=np.int64)
        for index, groups in enumerate(members):
            for group, seats in enumerate(groups):
                base[index, seats] = group
        rows = chosen.develop(base)
        repeats = repeated_pairs(rows)
        print(f"seed {seed}: {repeats} repeated pairs", file=sys.stderr, flush=True)
        if repeats == 0:
            return rows
        seed += 1
    return None


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "z5"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 600.0
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    b, c, d = (int(value) for value in (sys.argv[4] if len(sys.argv) > 4 else "1,2,3").split(","))
    rows = search(model(name, (b, c, d)), seconds, seed)
    if rows is None:
        return 1
    assert repeated_pairs(rows) == 0 and rows.shape == (ROUNDS, PLAYERS)
    for row in rows:
        assert sorted(np.bincount(row).tolist()) == [SIZE] * GROUPS
        print(f'        "{"".join(str(int(group)) for group in row)}",')
    return 0


if __name__ == "__main__":
    sys.exit(main())

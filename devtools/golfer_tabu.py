"""Search offline for a zero-repeat social-golfer schedule by tabu search.

    uv run python devtools/golfer_tabu.py [seconds per seed] [first seed] [seeds] [--cyclic]

Local search over whole schedules (after Dotu and Van Hentenryck, 2005): the cost is
the number of surplus meetings, sum over pairs of max(0, meetings - 1); a move swaps
two players of different groups in one round, at least one of them in a pair that
meets twice. Round one stays fixed (players 0-3, 4-7, ...), which loses nothing up to
relabelling. Rounds start greedy (prefer players the group has not met, then players
with the most partners left to meet, after Triska and Musliu) so the search starts
close to zero. The gain of every swap in every round comes from one numpy pass over
the meeting matrix; tabu swaps have a random tenure and may still be taken when they
reach a new best; after a stall the best schedule is perturbed by random swaps.

With --cyclic the same tabu search runs on a smaller model: players Z_5 x 6 levels
plus two fixed players, two base rounds each shifted five times. A pair's orbit under
the shift is its label, and the ten rounds repeat no pair exactly when the base rounds'
96 pairs carry 96 different labels (never the two fixed players together). The whole
schedule search stalled at best cost 20 to 25 (about 1000 swaps a second, 157 000 swaps
for one seed); this one runs about 90 swaps a second in pure Python and reached best
cost 2 or 3 per seed in 90-110 CPU seconds, never 0, so no 8-4-10 design is stored yet.

On success the rounds are printed in the format of `_STORED` in bot/events/designs.py
after an independent check that no pair meets twice.
"""

from __future__ import annotations

import itertools
import random
import sys
import time

import numpy as np

GROUPS = 8
SIZE = 4
ROUNDS = 10
PLAYERS = GROUPS * SIZE
TENURE = (4, 60)
STALL = 3000
PLAYER_TABU = False
Schedule = np.ndarray


def greedy_schedule(rng: np.random.Generator) -> Schedule:
    """Round x player -> group, filled greedily round by round."""
    rows = np.zeros((ROUNDS, PLAYERS), dtype=np.int64)
    rows[0] = np.arange(PLAYERS) // SIZE
    met = np.zeros((PLAYERS, PLAYERS), dtype=np.int64)
    for round_index in range(ROUNDS):
        if round_index:
            rows[round_index] = _greedy_round(met, rng)
        row = rows[round_index]
        met += row[:, None] == row[None, :]
    return rows


def _greedy_round(met: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    row = np.full(PLAYERS, -1, dtype=np.int64)
    freedom = (met == 0).sum(axis=1)
    for group in range(GROUPS):
        members: list[int] = []
        for _ in range(SIZE):
            free = np.flatnonzero(row < 0)
            clashes = (
                met[np.ix_(free, np.array(members))].sum(axis=1) if members else np.zeros(len(free))
            )
            score = clashes * 1000 - freedom[free] + rng.random(len(free))
            chosen = int(free[int(np.argmin(score))])
            row[chosen] = group
            members.append(chosen)
    return row


class Search:
    """Tabu search state: schedule, one-hot groups and the pair meeting counts."""

    def __init__(self, rows: Schedule, rng: np.random.Generator) -> None:
        self.rng = rng
        self.tabu = np.zeros((ROUNDS, PLAYERS, PLAYERS), dtype=np.int64)
        self.set_rows(rows)

    def set_rows(self, rows: Schedule) -> None:
        self.rows = rows.copy()
        self.onehot = (self.rows[:, :, None] == np.arange(GROUPS)[None, None, :]).astype(np.int64)
        same = self.rows[:, :, None] == self.rows[:, None, :]
        self.met = same.sum(axis=0).astype(np.int64)
        np.fill_diagonal(self.met, 0)
        self.cost = int(np.maximum(self.met - 1, 0).sum()) // 2

    def deltas(self) -> np.ndarray:
        """Cost change of swapping players p and q in round r, as [r, p, q]."""
        once = (self.met >= 1).astype(np.int64)
        twice = (self.met >= 2).astype(np.int64)
        same = np.einsum("rpg,rqg->rpq", self.onehot, self.onehot)
        leave = -(same * twice[None]).sum(axis=2)
        join = np.einsum("pq,rqg->rpg", once, self.onehot)
        join_other = np.take_along_axis(join, self.rows[:, None, :].repeat(PLAYERS, 1), axis=2)
        delta = leave[:, :, None] + leave[:, None, :] + join_other + join_other.transpose(0, 2, 1)
        delta -= 2 * once[None]
        conflict = leave < 0
        allowed = (conflict[:, :, None] | conflict[:, None, :]) & (same == 0)
        allowed[0] = False
        return np.where(allowed, delta, 10**6)

    def swap(self, round_index: int, left: int, right: int) -> None:
        row = self.rows[round_index]
        left_group, right_group = int(row[left]), int(row[right])
        for player, old in ((left, left_group), (right, right_group)):
            for other in np.flatnonzero(row == old):
                if other != player:
                    self.met[player, other] -= 1
                    self.met[other, player] -= 1
        row[left], row[right] = right_group, left_group
        for player in (left, right):
            for other in np.flatnonzero(row == row[player]):
                if other != player:
                    self.met[player, other] += 1
                    self.met[other, player] += 1
        self.onehot[round_index, [left, right]] = 0
        self.onehot[round_index, left, right_group] = 1
        self.onehot[round_index, right, left_group] = 1

    def perturb(self, swaps: int) -> None:
        for _ in range(swaps):
            round_index = int(self.rng.integers(1, ROUNDS))
            left, right = self.rng.choice(PLAYERS, 2, replace=False)
            if self.rows[round_index, left] != self.rows[round_index, right]:
                self.swap(round_index, int(left), int(right))
        self.cost = int(np.maximum(self.met - 1, 0).sum()) // 2


def _player_block(search: Search, iteration: int) -> np.ndarray:
    moved = search.tabu[:, :, 0] > iteration
    return moved[:, :, None] | moved[:, None, :]


def run(seed: int, seconds: float) -> tuple[Schedule | None, int, int, float]:
    """(schedule or None, best cost, iterations, seconds) for one seed."""
    rng = np.random.default_rng(seed)
    search = Search(greedy_schedule(rng), rng)
    best_rows, best_cost = search.rows.copy(), search.cost
    start = time.process_time()
    iteration = stalled = 0
    while search.cost and time.process_time() - start < seconds:
        iteration += 1
        delta = search.deltas()
        blocked = search.tabu > iteration if not PLAYER_TABU else _player_block(search, iteration)
        open_moves = np.where(blocked, 10**6, delta)
        aspire = np.where(search.cost + delta < best_cost, delta, 10**6)
        choice = np.minimum(open_moves, aspire)
        low = choice.min()
        if low >= 10**6:
            search.perturb(3)
            continue
        candidates = np.flatnonzero(choice == low)
        flat = int(candidates[int(rng.integers(len(candidates)))])
        round_index, left, right = np.unravel_index(flat, choice.shape)
        search.swap(int(round_index), int(left), int(right))
        search.cost += int(low)
        tenure = int(rng.integers(*TENURE))
        if PLAYER_TABU:
            search.tabu[round_index, [left, right], 0] = iteration + tenure
        else:
            search.tabu[round_index, left, right] = iteration + tenure
            search.tabu[round_index, right, left] = iteration + tenure
        if search.cost < best_cost:
            best_rows, best_cost, stalled = search.rows.copy(), search.cost, 0
        else:
            stalled += 1
        if stalled > STALL:
            search.set_rows(best_rows)
            search.perturb(int(rng.integers(2, 8)))
            stalled = 0
    elapsed = time.process_time() - start
    found = best_rows if best_cost == 0 else None
    return found, best_cost, iteration, elapsed


def repeats(rows: Schedule) -> int:
    """Pairs meeting twice, counted from the groups directly."""
    seen: set[tuple[int, int]] = set()
    twice = 0
    for row in rows.tolist():
        for group in range(GROUPS):
            members = [player for player, seat in enumerate(row) if seat == group]
            if len(members) != SIZE:
                return -1
            for pair in itertools.combinations(members, 2):
                twice += pair in seen
                seen.add(pair)
    return twice


CYCLE = 5
FIXED = (30, 31)
CYCLIC_STALL = 2000
CYCLIC_TENURE = (2, 8)
Move = tuple[int, int, int]


def _orbit(left: int, right: int) -> str:
    """The pair's orbit under x -> x + 1 on Z_5 x 6 levels, fixing players 30 and 31."""
    low, high = sorted((left, right))
    if high in FIXED:
        return "fixed pair" if low in FIXED else f"fixed {high} level {low // CYCLE}"
    (i, a), (j, b) = divmod(low, CYCLE), divmod(high, CYCLE)
    difference = (b - a) % CYCLE
    if i == j:
        difference = min(difference, CYCLE - difference)
    return f"{i} {j} {difference}"


_ORBITS = sorted({_orbit(p, q) for p, q in itertools.combinations(range(PLAYERS), 2)})
_BANNED = _ORBITS.index("fixed pair")
_LABEL = [
    [_ORBITS.index(_orbit(p, q)) if p != q else -1 for q in range(PLAYERS)] for p in range(PLAYERS)
]


def _surplus(orbit: int, uses: int) -> int:
    return uses if orbit == _BANNED else max(0, uses - 1)


class CyclicSearch:
    """Two base rounds, each shifted five times: no pair meets twice in the ten rounds
    exactly when the base rounds' 96 pairs use 96 different orbits, none the fixed pair."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.groups: list[list[list[int]]] = []
        self.where: list[list[int]] = []
        for _ in range(2):
            order = list(range(PLAYERS))
            rng.shuffle(order)
            self.groups.append([order[g * SIZE : (g + 1) * SIZE] for g in range(GROUPS)])
            seats = [0] * PLAYERS
            for group, members in enumerate(self.groups[-1]):
                for player in members:
                    seats[player] = group
            self.where.append(seats)
        self.uses = [0] * len(_ORBITS)
        for base in self.groups:
            for members in base:
                for p, q in itertools.combinations(members, 2):
                    self.uses[_LABEL[p][q]] += 1
        self.cost = self.total()

    def total(self) -> int:
        return sum(_surplus(orbit, uses) for orbit, uses in enumerate(self.uses))

    def conflicts(self) -> set[tuple[int, int]]:
        found: set[tuple[int, int]] = set()
        for base, groups in enumerate(self.groups):
            for members in groups:
                for p, q in itertools.combinations(members, 2):
                    orbit = _LABEL[p][q]
                    if self.uses[orbit] > 1 or orbit == _BANNED:
                        found.update(((base, p), (base, q)))
        return found

    def delta(self, base: int, left: int, right: int) -> int:
        change: dict[int, int] = {}
        groups, seats = self.groups[base], self.where[base]
        for mover, stayer, group in ((left, right, seats[left]), (right, left, seats[right])):
            for other in groups[group]:
                if other != mover:
                    change[_LABEL[mover][other]] = change.get(_LABEL[mover][other], 0) - 1
                    change[_LABEL[stayer][other]] = change.get(_LABEL[stayer][other], 0) + 1
        return sum(
            _surplus(orbit, self.uses[orbit] + step) - _surplus(orbit, self.uses[orbit])
            for orbit, step in change.items()
            if step
        )

    def swap(self, base: int, left: int, right: int) -> None:
        groups, seats = self.groups[base], self.where[base]
        for mover, stayer, group in ((left, right, seats[left]), (right, left, seats[right])):
            for other in groups[group]:
                if other != mover:
                    self.uses[_LABEL[mover][other]] -= 1
                    self.uses[_LABEL[stayer][other]] += 1
        left_group, right_group = seats[left], seats[right]
        groups[left_group][groups[left_group].index(left)] = right
        groups[right_group][groups[right_group].index(right)] = left
        seats[left], seats[right] = right_group, left_group

    def rows(self) -> Schedule:
        rows = np.zeros((ROUNDS, PLAYERS), dtype=np.int64)
        for step in range(CYCLE):
            for base, groups in enumerate(self.groups):
                for group, members in enumerate(groups):
                    for player in members:
                        moved = (
                            player
                            if player in FIXED
                            else player - player % CYCLE + (player + step) % CYCLE
                        )
                        rows[2 * step + base, moved] = group
        return rows


def _best_moves(
    search: CyclicSearch, tabu: dict[Move, int], iteration: int, best: int
) -> tuple[int, list[Move]]:
    low, moves = 10**9, []
    for base, left in search.conflicts():
        for right in range(PLAYERS):
            if search.where[base][right] == search.where[base][left]:
                continue
            delta = search.delta(base, left, right)
            move = (base, min(left, right), max(left, right))
            if tabu.get(move, 0) > iteration and search.cost + delta >= best:
                continue
            if delta < low:
                low, moves = delta, [move]
            elif delta == low:
                moves.append(move)
    return low, moves


def run_cyclic(seed: int, seconds: float) -> tuple[Schedule | None, int, int, float]:
    """Tabu search on the two base rounds; same answer shape as `run`."""
    rng = random.Random(seed)
    search = CyclicSearch(rng)
    best = search.cost
    tabu: dict[Move, int] = {}
    start = time.process_time()
    iteration = stalled = 0
    while search.cost and time.process_time() - start < seconds:
        iteration += 1
        low, moves = _best_moves(search, tabu, iteration, best)
        if not moves:
            continue
        move = rng.choice(moves)
        search.swap(*move)
        search.cost += low
        tabu[move] = iteration + rng.randint(*CYCLIC_TENURE)
        if search.cost < best:
            best, stalled = search.cost, 0
        else:
            stalled += 1
        if stalled > CYCLIC_STALL:
            stalled = 0
            for _ in range(rng.randint(1, 4)):
                base = rng.randrange(2)
                left, right = rng.sample(range(PLAYERS), 2)
                if search.where[base][left] != search.where[base][right]:
                    search.swap(base, left, right)
            search.cost = search.total()
    elapsed = time.process_time() - start
    return (search.rows() if search.cost == 0 else None), best, iteration, elapsed


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 300.0
    first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    seeds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    search = run_cyclic if "--cyclic" in sys.argv else run
    for seed in range(first, first + seeds):
        found, cost, iterations, elapsed = search(seed, seconds)
        rate = iterations / max(elapsed, 1e-9)
        print(f"seed {seed}: best cost {cost}, {iterations} iterations, {rate:.0f}/s", flush=True)
        if found is not None and repeats(found) == 0:
            for row in found.tolist():
                print('        "' + "".join(str(group) for group in row) + '",', flush=True)
            return


if __name__ == "__main__":
    main()

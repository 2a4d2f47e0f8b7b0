"""Search offline for a zero-repeat social-golfer schedule of 8 groups of 4 over 10 rounds.

    uv run python devtools/golfer_search.py [seconds] [seed]

A 1-rotational model: players are Z_10 x {0, 1, 2} plus two fixed players, and the ten
rounds are the shifts by 0..9 of one base round. A pair's orbit under the shifts is its
label: (level, d) with d = +-(b - a) for two players of one level, (i, j, b - a) across
levels, (fixed player, level) with a fixed player. Pairs with the same label are shifts
of each other, so the schedule repeats no pair exactly when the base round's 48 pairs
carry 48 different labels of full orbit length 10; there are exactly 48 such labels, so
each is used once (the pairs at distance 5 within a level and the two fixed players are
the 16 pairs that never meet, as in any 8-4-10 schedule: everyone meets 30 of 31).

CP-SAT looks for the base round with the shift symmetry broken (the first fixed player
sits with player (0, 0)). On 2 heavily shared cores it found none in 4 minutes with two
workers nor in 20 more at low priority (status unknown, not infeasible), so the planner
has no stored 8-4-10 design yet. When a
base round is found the script prints the ten rounds in the format of
bot/events/designs.py, after checking that no pair meets twice.
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
from ortools.sat.python import cp_model

SHIFTS = 10
LEVELS = 3
FIXED = (SHIFTS * LEVELS, SHIFTS * LEVELS + 1)
PLAYERS = SHIFTS * LEVELS + len(FIXED)
GROUPS = 8
SIZE = 4

Label = tuple[int, ...]


def label(left: int, right: int) -> Label | None:
    """The pair's orbit under the shifts; None when that orbit is shorter than 10."""
    low, high = sorted((left, right))
    if high in FIXED:
        return None if low in FIXED else (-1, high, low // SHIFTS)
    (i, a), (j, b) = divmod(low, SHIFTS), divmod(high, SHIFTS)
    if i == j:
        distance = min((b - a) % SHIFTS, (a - b) % SHIFTS)
        return None if distance == SHIFTS // 2 else (i, i, distance)
    return (i, j, (b - a) % SHIFTS)


def shift(player: int, by: int) -> int:
    if player in FIXED:
        return player
    level, offset = divmod(player, SHIFTS)
    return level * SHIFTS + (offset + by) % SHIFTS


def base_round(seconds: float, seed: int) -> list[list[int]] | None:
    model = cp_model.CpModel()
    seat = {(p, g): model.new_bool_var("") for p in range(PLAYERS) for g in range(GROUPS)}
    for p in range(PLAYERS):
        model.add_exactly_one(seat[p, g] for g in range(GROUPS))
    for g in range(GROUPS):
        model.add(sum(seat[p, g] for p in range(PLAYERS)) == SIZE)
    model.add(seat[FIXED[0], 0] == 1)
    model.add(seat[FIXED[1], 1] == 1)
    model.add(seat[0, 0] == 1)
    uses: dict[Label, list[cp_model.IntVar]] = {}
    for p, q in itertools.combinations(range(PLAYERS), 2):
        name = label(p, q)
        for g in range(GROUPS):
            if name is None:
                model.add_bool_or([seat[p, g].Not(), seat[q, g].Not()])
                continue
            both = model.new_bool_var("")
            model.add_bool_and([seat[p, g], seat[q, g]]).only_enforce_if(both)
            model.add_bool_or([seat[p, g].Not(), seat[q, g].Not(), both])
            uses.setdefault(name, []).append(both)
    for members in uses.values():
        model.add_exactly_one(members)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    print(f"CP-SAT: {solver.status_name(status)} after {solver.wall_time:.0f} s", file=sys.stderr)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return [[p for p in range(PLAYERS) if solver.value(seat[p, g])] for g in range(GROUPS)]


def repeated_pairs(rows: np.ndarray) -> int:
    together = sum((row[:, None] == row[None, :]).astype(np.int64) for row in rows)
    return int(np.triu(together > 1, k=1).sum())


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600.0
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    base = base_round(seconds, seed)
    if base is None:
        return 1
    rows = np.zeros((SHIFTS, PLAYERS), dtype=np.int64)
    for by in range(SHIFTS):
        for group_index, group in enumerate(base):
            rows[by, [shift(p, by) for p in group]] = group_index
    assert repeated_pairs(rows) == 0
    for row in rows:
        assert sorted(np.bincount(row).tolist()) == [SIZE] * GROUPS
        print(f'        "{"".join(chr(ord("0") + int(g)) for g in row)}",')
    return 0


if __name__ == "__main__":
    sys.exit(main())

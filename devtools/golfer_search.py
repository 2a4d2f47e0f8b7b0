"""Search offline for a zero-repeat social-golfer schedule of 8 groups of 4 over 10 rounds.

    uv run python devtools/golfer_search.py [seconds] [structure]

Everyone meets 30 of the other 31 players, so the pairs that never meet form a perfect
matching. Players are Z_8 x 4 levels (player 8 * level + x), the shift adds d to every
x, and a player never meets the one at distance 4 in their level. A structure lists base
rounds, each fixed by a subgroup of shifts and developed by coset representatives of it:
4+4+2 (the default) is two rounds fixed by the shift 4 and shifted by 0..3 plus one fixed
by the shift 2 and shifted by 0, 1. CP-SAT has one variable per orbit of pairs under a
base round's subgroup (are they in one group?); every player has 3 partners, partners
are transitive, and each pair that may meet meets in exactly one developed round.

On 2 shared cores, with one worker: 4+4+2 finds the design stored in
bot/events/designs.py in 9 s (this exact output; the first model tried, with its clauses
in another order, found a different one in 81 s); 2x5 (five rounds fixed by the shift 2)
is infeasible in 0.1 s; 8+2 was unknown after 90 s. The rounds are printed in the
format of `_STORED` after an independent check.

Tried before and failing (in git history until December 2026): a numba tabu search over
swaps in base rounds of cyclic models (Z_5 x 6 and Z_10 x 3 plus two fixed players, Z_8
x 4 with two transversal rounds) stalled at one or two overused pair orbits; CP-SAT on
Z_10 x 3 plus two fixed players found nothing in 24 minutes. Ruled out by hand or by
CP-SAT: completing the 8 rounds of a resolvable TD(4, 8) (two rounds cannot split its
groups of 8 into fours twice without a repeat) or 8 or 7 rounds of cosets of disjoint
lines of PG(4, 2) (infeasible in under a second for every partial spread tried); a group
of order 16 acting on two levels of 16 with the rounds in five pairs (Z_2^4 by a sum of
differences, Z_16, Z_8 x Z_2 and Z_4 x Z_4 by CP-SAT in seconds); Z_15 on two levels plus
two fixed players (both fixed players' blocks need the same distance-5 orbit); the
dihedral group of order 10 on three levels (42 full orbits of pairs for 48 pairs).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
import numpy.typing as npt
from ortools.sat.python import cp_model

from bot.events.designs import repeated_pairs

SHIFTS = 8
LEVELS = 4
PLAYERS = SHIFTS * LEVELS
GROUPS = 8
SIZE = 4
ALL = tuple(range(SHIFTS))
# per base round: (shifts that fix it, shifts that develop it)
STRUCTURES: dict[str, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {
    "4+4+2": [((0, 4), (0, 1, 2, 3)), ((0, 4), (0, 1, 2, 3)), ((0, 2, 4, 6), (0, 1))],
    "8+2": [((0,), ALL), ((0, 2, 4, 6), (0, 1))],
    "2x5": [((0, 2, 4, 6), (0, 1))] * 5,
}
Pair = tuple[int, int]
Together = dict[Pair, cp_model.IntVar]


def shift(player: int, by: int) -> int:
    return player // SHIFTS * SHIFTS + (player + by) % SHIFTS


def shifted_pair(pair: Pair, by: int) -> Pair:
    left, right = sorted((shift(pair[0], by), shift(pair[1], by)))
    return left, right


def never_meet(pair: Pair) -> bool:
    left, right = pair
    return left // SHIFTS == right // SHIFTS and (right - left) % SHIFTS == SHIFTS // 2


def base_round(model: cp_model.CpModel, fixing: tuple[int, ...]) -> Together:
    """Pair -> 'together in this round', one variable per orbit under `fixing`, with the
    round a partition into groups of SIZE."""
    orbit_variable: dict[Pair, cp_model.IntVar] = {}
    together: Together = {}
    for pair in itertools.combinations(range(PLAYERS), 2):
        orbit = min(shifted_pair(pair, by) for by in fixing)
        if orbit not in orbit_variable:
            orbit_variable[orbit] = model.new_bool_var("")
        together[pair] = orbit_variable[orbit]

    def with_(left: int, right: int) -> cp_model.IntVar:
        return together[(left, right) if left < right else (right, left)]

    for player in range(PLAYERS):
        model.add(sum(with_(player, other) for other in range(PLAYERS) if other != player) == 3)
    for first, second, third in itertools.combinations(range(PLAYERS), 3):
        for a, b, c in ((first, second, third), (first, third, second), (second, third, first)):
            model.add_bool_or([with_(a, c).Not(), with_(b, c).Not(), with_(a, b)])
    return together


def schedule(seconds: float, structure: str) -> npt.NDArray[np.int64] | None:
    """Round x player -> group of a zero-repeat schedule, or None when none was found."""
    model = cp_model.CpModel()
    rounds: list[Together] = []
    for fixing, developing in STRUCTURES[structure]:
        together = base_round(model, fixing)
        for by in developing:
            rounds.append({pair: together[shifted_pair(pair, -by)] for pair in together})
    for pair in itertools.combinations(range(PLAYERS), 2):
        meetings = [together[pair] for together in rounds]
        if never_meet(pair):
            model.add(sum(meetings) == 0)
        else:
            model.add_exactly_one(meetings)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    print(f"CP-SAT: {solver.status_name(status)} after {solver.wall_time:.0f} s", file=sys.stderr)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    rows = np.full((len(rounds), PLAYERS), -1, dtype=np.int64)
    for row, together in zip(rows, rounds, strict=True):
        for group, player in enumerate(p for p in range(PLAYERS) if row[p] < 0):
            row[player] = group
            for (left, right), variable in together.items():
                if player in (left, right) and solver.value(variable):
                    row[left + right - player] = group
    return rows


def main() -> int:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 600.0
    structure = sys.argv[2] if len(sys.argv) > 2 else "4+4+2"
    rows = schedule(seconds, structure)
    if rows is None:
        return 1
    assert rows.shape == (10, PLAYERS) and repeated_pairs(rows) == 0
    for row in rows:
        assert sorted(np.bincount(row).tolist()) == [SIZE] * GROUPS
        print(f'        "{"".join(str(int(group)) for group in row)}",')
    return 0


if __name__ == "__main__":
    sys.exit(main())

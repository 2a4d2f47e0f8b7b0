"""Prove offline that 30 mentees meeting 4 experts over 6 rounds repeat at least 3 pairs.

    uv run python devtools/few_experts_bound.py [seconds]

A mentee's schedule is a word: the round they meet each expert in, no round twice. With r
repeated pairs, dropping one mentee of each and adding the six constant words leaves words
that pairwise agree in at most one place; devtools/few_experts_search.py shows r >= 2 from
that. With r = 2 the two pairs are disjoint (sharing a mentee would leave 35 words), so 28
words and the 6 constants make 34. Read as cells, the first two places index a 6 x 6 grid:
the constants fill the diagonal, the 28 words 28 of its 30 other cells, and the last two
places are two partial Latin squares on those cells, both equal to s at (s, s), whose
pairs of symbols all differ. CP-SAT shows no such pair exists, so r >= 3, and the stored
schedule with 3 is the best there is. Renaming rounds together in all four places keeps
the diagonal, so the cell (0, 1) may be taken as filled with symbols 2 and 3.

On 2 shared cores, with two workers: INFEASIBLE in 58 s.
"""

from __future__ import annotations

import itertools
import sys

from ortools.sat.python import cp_model

ORDER = 6
EMPTY_CELLS = 2


def no_two_pair_plan(seconds: float) -> str:
    model = cp_model.CpModel()
    cells = [(r, c) for r, c in itertools.product(range(ORDER), repeat=2) if r != c]
    used = {cell: model.new_bool_var(f"u{cell}") for cell in cells}
    model.add(sum(used.values()) == len(cells) - EMPTY_CELLS)
    # symbol[square][cell, v]: the cell is filled and holds v in that square
    symbol: list[dict[tuple[int, int, int], cp_model.IntVar]] = [{}, {}]
    for square in symbol:
        for r, c in cells:
            allowed = [v for v in range(ORDER) if v not in (r, c)]
            for v in allowed:
                square[r, c, v] = model.new_bool_var(f"s{r}{c}{v}")
            model.add(sum(square[r, c, v] for v in allowed) == used[r, c])
        for line, v in itertools.product(range(ORDER), range(ORDER)):
            model.add_at_most_one(square[k] for k in square if k[0] == line and k[2] == v)
            model.add_at_most_one(square[k] for k in square if k[1] == line and k[2] == v)
    first, second = symbol
    for a, b in itertools.permutations(range(ORDER), 2):
        both = []
        for r, c in cells:
            if (r, c, a) in first and (r, c, b) in second:
                pair = model.new_bool_var(f"p{r}{c}{a}{b}")
                model.add_bool_and([first[r, c, a], second[r, c, b]]).only_enforce_if(pair)
                model.add_bool_or([first[r, c, a].Not(), second[r, c, b].Not(), pair])
                both.append(pair)
        model.add_at_most_one(both)
    for key in first:
        # (s, s) is the constant word's pair
        model.add_at_most_one([first[key], second[key]])
    model.add(used[0, 1] == 1)
    model.add(first[0, 1, 2] == 1)
    model.add(second[0, 1, 3] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    return f"{solver.status_name(status)} in {solver.wall_time:.0f} s"


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1200.0
    print(no_two_pair_plan(seconds))


if __name__ == "__main__":
    main()

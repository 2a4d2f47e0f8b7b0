"""Search offline for a few-experts schedule: every mentee meets every expert once.

    uv run python devtools/few_experts_search.py [experts rounds mentees min max seconds]

Defaults 4 6 30 4 8 240: the bench's few-experts case. A mentee's schedule is a word,
the round they meet each expert in; rounds differ within a word, and two mentees sit
together twice when their words agree in two places. CP-SAT has a variable per mentee,
expert and round, one per pair and expert (together at that table), and one per pair
(together at two tables or more), whose sum it minimises; mentee 0 meets expert k in
round k, which only renames rounds.

Why 4 experts over 6 rounds cannot go below 2 repeated pairs: drop one mentee of each
repeated pair and add the six constant words (s, s, s, s). A word never holds a round
twice, so no word agrees with a constant in two places: that gives 36 - r words any two
of which agree in at most one place. 35 such words would complete to 36 (the one free
cell of the first two places' grid fixes the last two symbols), i.e. to two orthogonal
Latin squares of order 6, which do not exist (Tarry, 1900). So 36 - r <= 34, r >= 2;
devtools/few_experts_bound.py rules out r = 2.

On 2 shared cores, with two workers, for 30 mentees over 6 rounds: 3 experts at tables
of 5 have no repeat (proven in 1 s); 4 experts at tables of 4 to 8 reach 3 repeated
pairs in 240 s (the stored schedule is from the same model with "at least 2" added,
after 31 s; nothing better came in 240 s); 5 experts at 4 to 8 reach 6 in 150 s. The
words are printed in the format of `_STORED_WORDS` after an independent check.
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
from ortools.sat.python import cp_model

from bot.events.designs import repeated_pairs


def schedule(
    experts: int, rounds: int, mentees: int, sizes: tuple[int, int], seconds: float
) -> list[tuple[int, ...]] | None:
    model = cp_model.CpModel()
    seat = {
        (m, e, r): model.new_bool_var(f"s{m}_{e}_{r}")
        for m in range(mentees)
        for e in range(experts)
        for r in range(rounds)
    }
    for m in range(mentees):
        for e in range(experts):
            model.add_exactly_one(seat[m, e, r] for r in range(rounds))
        for r in range(rounds):
            model.add_at_most_one(seat[m, e, r] for e in range(experts))
    for e in range(experts):
        for r in range(rounds):
            table = sum(seat[m, e, r] for m in range(mentees))
            model.add(table >= sizes[0])
            model.add(table <= sizes[1])
    for e in range(experts):
        model.add(seat[0, e, e] == 1)
    repeated = []
    for left, right in itertools.combinations(range(mentees), 2):
        together = []
        for e in range(experts):
            met = model.new_bool_var(f"t{left}_{right}_{e}")
            for r in range(rounds):
                model.add_bool_or([seat[left, e, r].Not(), seat[right, e, r].Not(), met])
            together.append(met)
        twice = model.new_bool_var(f"r{left}_{right}")
        model.add(sum(together) <= 1 + (experts - 1) * twice)
        repeated.append(twice)
    model.minimize(sum(repeated))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    print(
        f"{solver.status_name(status)}: {solver.objective_value:.0f} repeated pairs, "
        f"bound {solver.best_objective_bound:.0f}, {solver.wall_time:.0f} s"
    )
    return [
        tuple(next(r for r in range(rounds) if solver.value(seat[m, e, r])) for e in range(experts))
        for m in range(mentees)
    ]


def main() -> None:
    experts, rounds, mentees, low, high = (
        int(arg) for arg in sys.argv[1:6] or ["4", "6", "30", "4", "8"]
    )
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 240.0
    words = schedule(experts, rounds, mentees, (low, high), seconds)
    if words is None:
        print("nothing found")
        return
    assert all(len(set(word)) == experts for word in words)
    # a row per expert: mentees agreeing on two experts' rounds sit together twice
    print(f"checked: {repeated_pairs(np.array(words).T)} repeated pairs")
    print(" ".join("".join(map(str, word)) for word in words))


if __name__ == "__main__":
    main()

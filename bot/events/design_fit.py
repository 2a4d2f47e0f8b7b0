"""Seat an event on a rotation design: groups onto experts, mentees onto players.

Each round's groups go to that round's present experts so that nobody meets an expert
twice; mentees are then matched to the design's players to earn the most preference
points. Any relabelling of groups and players keeps the design's zero repeats.
"""

from __future__ import annotations

import numpy as np

from bot.events.designs import few_expert_words, reed_solomon_rows, resolvable_rows
from bot.events.roster import UNSEATED, IntArray, Roster
from bot.events.scoring import harmonic

_RELABELLINGS = 8


def design_assignment(roster: Roster, seed: int) -> IntArray | None:
    """A zero-repeat schedule for the whole event when the sizes fit a design, else None.

    Every round must open the same number of tables, and every participant attend every
    round and aim to meet one expert per round.
    """
    spec = roster.spec
    participants = len(roster.participant_ids)
    opened = roster.present.sum(axis=1)
    groups = int(opened[0])
    if participants == 0 or groups == 0 or not (opened == groups).all():
        return None
    if not roster.attending.all() or not (roster.targets == spec.rounds).all():
        return None
    smallest, largest = participants // groups, -(-participants // groups)
    if smallest < spec.table_min or largest > spec.table_max:
        return None
    rows = resolvable_rows(groups, participants, spec.rounds)
    if rows is None:
        return None
    rng = np.random.default_rng(seed)
    best: tuple[float, IntArray] | None = None
    for attempt in range(_RELABELLINGS):
        relabel = np.arange(groups) if attempt == 0 else rng.permutation(groups)
        seated = _groups_to_experts(roster, relabel[rows])
        if seated is None:
            continue
        value, assignment = _match_mentees(roster, seated)
        if best is None or value > best[0]:
            best = (value, assignment)
    return None if best is None else best[1]


def few_experts_assignment(roster: Roster) -> IntArray | None:
    """Seats from a few-experts schedule, or None when the event is not of that shape.

    Every expert hosts every round, there are fewer experts than rounds, and every
    participant attends throughout and meets each expert once. Who takes which word
    does not matter: everyone meets the same experts, so earns the same points.
    """
    spec = roster.spec
    experts = len(roster.experts)
    participants = len(roster.participant_ids)
    if not roster.present.all() or not roster.attending.all():
        return None
    if not (roster.targets == experts).all():
        return None
    words = few_expert_words(experts, spec.rounds, participants, spec.table_min, spec.table_max)
    if words is None:
        return None
    seats = np.full((spec.rounds, participants), UNSEATED, dtype=np.int64)
    seats[words, np.arange(participants)[:, np.newaxis]] = np.arange(experts)[np.newaxis, :]
    return seats


def _groups_to_experts(roster: Roster, rows: IntArray) -> IntArray | None:
    """Round x player -> expert column, nobody meeting an expert twice; None if not found.

    Group g of a round goes to that round's g-th present expert when that repeats no
    expert (true for the codes here); otherwise each round in turn is matched to the
    experts its groups have not met yet.
    """
    present = [np.flatnonzero(roster.present[r]) for r in range(rows.shape[0])]
    direct = np.vstack([present[r][rows[r]] for r in range(rows.shape[0])])
    if not _meets_an_expert_twice(direct, len(roster.experts)):
        return direct
    from ortools.graph.python import linear_sum_assignment

    players = rows.shape[1]
    met = np.zeros((players, len(roster.experts)), dtype=np.int64)
    seated = np.empty_like(rows)
    for round_index, row in enumerate(rows):
        experts = present[round_index]
        groups = len(experts)
        # cost[g, k]: players of group g who already met the k-th present expert
        cost = np.zeros((groups, groups), dtype=np.int64)
        np.add.at(cost, row, met[:, experts])
        solver = linear_sum_assignment.SimpleLinearSumAssignment()
        solver.add_arcs_with_cost(
            np.repeat(np.arange(groups), groups), np.tile(np.arange(groups), groups), cost.ravel()
        )
        if solver.solve() != solver.OPTIMAL or solver.optimal_cost() > 0:
            return None
        expert_of_group = experts[[solver.right_mate(g) for g in range(groups)]]
        seated[round_index] = expert_of_group[row]
        met[np.arange(players), seated[round_index]] += 1
    return seated


def _meets_an_expert_twice(seated: IntArray, experts: int) -> bool:
    players = seated.shape[1]
    met = np.zeros((players, experts), dtype=np.int64)
    for row in seated:
        np.add.at(met, (np.arange(players), row), 1)
    return bool((met > 1).any())


def _match_mentees(roster: Roster, seated: IntArray) -> tuple[float, IntArray]:
    """Give each mentee the design player (column of `seated`) worth the most to them."""
    from ortools.graph.python import linear_sum_assignment

    rounds, codewords = seated.shape
    topic_counts = np.zeros((roster.base_points.shape[1], codewords), dtype=np.int64)
    for round_index in range(rounds):
        np.add.at(topic_counts, (roster.expert_topic[seated[round_index]], np.arange(codewords)), 1)
    worth = roster.base_points.astype(np.float64) @ harmonic(rounds)[topic_counts]
    scaled = np.rint(worth * 1000).astype(np.int64)
    solver = linear_sum_assignment.SimpleLinearSumAssignment()
    mentees = np.repeat(np.arange(codewords), codewords)
    columns = np.tile(np.arange(codewords), codewords)
    solver.add_arcs_with_cost(mentees, columns, -scaled.ravel())
    if solver.solve() != solver.OPTIMAL:
        return float("-inf"), np.full_like(seated, UNSEATED)
    chosen = np.array([solver.right_mate(m) for m in range(codewords)], dtype=np.int64)
    value = float(worth[np.arange(codewords), chosen].sum())
    return value, seated[:, chosen]


def opening_rounds_design(roster: Roster) -> IntArray | None:
    """Zero-repeat seats for the first q + 1 rounds when every round opens q tables.

    For events longer than the full design allows (more rounds than tables): rounds
    1..q follow the code, and in round q + 1 mentees on codewords of one slope, who have
    never met, share the tables. Later rounds are left UNSEATED for the engine to seat.
    """
    spec = roster.spec
    opened = roster.present.sum(axis=1)
    tables = int(opened[0])
    participants = len(roster.participant_ids)
    if participants == 0 or tables == 0 or not (opened == tables).all():
        return None
    if not roster.attending.all() or not (roster.targets == spec.rounds).all():
        return None
    size, left_over = divmod(participants, tables)
    if left_over or tables % size or not spec.table_min <= size <= spec.table_max:
        return None
    if participants > tables * (tables - 1):
        return None
    coded = min(spec.rounds, tables)
    symbols = reed_solomon_rows(tables, coded, participants)
    if symbols is None:
        return None
    if spec.rounds > tables:
        # codewords come slope by slope, q to a slope: chunks of `size` stay within one
        symbols = np.vstack([symbols, np.arange(participants)[np.newaxis, :] // size])
    seated = np.vstack(
        [np.flatnonzero(roster.present[r])[symbols[r]] for r in range(symbols.shape[0])]
    )
    _, matched = _match_mentees(roster, seated)
    assignment = np.full((spec.rounds, participants), UNSEATED, dtype=np.int64)
    assignment[: matched.shape[0]] = matched
    if _meets_an_expert_twice(matched, len(roster.experts)):
        return None
    return assignment

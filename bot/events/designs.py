"""Algebraic rotation designs: schedules with no repeated pair, built rather than searched.

A Reed-Solomon code of degree one over GF(q) seats mentee f(x) = a*x + b (a != 0) at
expert f(x_r) in round r. Two different lines agree in at most one point, so no two
mentees share a table twice; a line with a != 0 never takes the same value twice, so no
mentee meets an expert twice. It fits an event whose q experts (q a prime power) are all
present in each of at most q rounds, with up to q*(q-1) mentees.
"""

from __future__ import annotations

import numpy as np

from bot.events.roster import UNSEATED, IntArray, Roster
from bot.events.scoring import harmonic

# GF(2^k) as polynomials over GF(2) modulo these irreducible polynomials.
_BINARY_FIELDS = {4: (2, 0b111), 8: (3, 0b1011), 16: (4, 0b10011), 32: (5, 0b100101)}
_EXPERT_RELABELLINGS = 8


def _is_prime(number: int) -> bool:
    return number >= 2 and all(number % divisor for divisor in range(2, int(number**0.5) + 1))


def _field_tables(order: int) -> tuple[IntArray, IntArray] | None:
    """Addition and multiplication tables of GF(order), or None when not supported."""
    elements = np.arange(order)
    if _is_prime(order):
        add = (elements[:, None] + elements[None, :]) % order
        return add, (elements[:, None] * elements[None, :]) % order
    if order not in _BINARY_FIELDS:
        return None
    degree, modulus = _BINARY_FIELDS[order]
    multiply = np.zeros((order, order), dtype=np.int64)
    for left in range(order):
        for right in range(order):
            product = 0
            for bit in range(degree):
                if right >> bit & 1:
                    product ^= left << bit
            for bit in range(2 * degree - 2, degree - 1, -1):
                if product >> bit & 1:
                    product ^= modulus << (bit - degree)
            multiply[left, right] = product
    return elements[:, None] ^ elements[None, :], multiply


def reed_solomon_rows(order: int, rounds: int, codewords: int) -> IntArray | None:
    """Round x codeword -> symbol; codewords taken slope by slope so tables stay even."""
    tables = _field_tables(order)
    if tables is None or rounds > order or codewords > order * (order - 1):
        return None
    add, multiply = tables
    points = np.arange(rounds)
    slopes = np.repeat(np.arange(1, order), order)[:codewords]
    offsets = np.tile(np.arange(order), order - 1)[:codewords]
    return np.asarray(add[multiply[slopes][:, points].T, offsets[np.newaxis, :]], dtype=np.int64)


def design_assignment(roster: Roster, seed: int) -> IntArray | None:
    """A zero-repeat schedule for the whole event when the sizes fit a design, else None.

    Mentees are matched to codewords, and experts to symbols, to earn the most
    preference points; every participant must attend every round and aim to meet one
    expert per round.
    """
    spec = roster.spec
    experts = len(roster.experts)
    participants = len(roster.participant_ids)
    if not roster.present.all() or not roster.attending.all() or participants == 0:
        return None
    if not (roster.targets == spec.rounds).all():
        return None
    smallest, largest = participants // experts, -(-participants // experts)
    if smallest < spec.table_min or largest > spec.table_max:
        return None
    symbols = reed_solomon_rows(experts, spec.rounds, participants)
    if symbols is None:
        return None
    rng = np.random.default_rng(seed)
    best: tuple[float, IntArray] | None = None
    for attempt in range(_EXPERT_RELABELLINGS):
        relabel = np.arange(experts) if attempt == 0 else rng.permutation(experts)
        seated = relabel[symbols]
        value, assignment = _match_mentees(roster, seated)
        if best is None or value > best[0]:
            best = (value, assignment)
    assert best is not None
    return best[1]


def _match_mentees(roster: Roster, seated: IntArray) -> tuple[float, IntArray]:
    """Give each mentee the codeword (column of `seated`) worth the most to them."""
    rounds, codewords = seated.shape
    topic_counts = np.zeros((roster.base_points.shape[1], codewords), dtype=np.int64)
    for round_index in range(rounds):
        np.add.at(topic_counts, (roster.expert_topic[seated[round_index]], np.arange(codewords)), 1)
    worth = roster.base_points.astype(np.float64) @ harmonic(rounds)[topic_counts]
    scaled = np.rint(worth * 1000).astype(np.int64)
    from ortools.graph.python import linear_sum_assignment  # heavy: loaded when planning

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
    meetings = np.zeros((participants, len(roster.experts)), dtype=np.int64)
    for row in matched:
        np.add.at(meetings, (np.arange(participants), row), 1)
    return assignment if int(meetings.max(initial=0)) <= 1 else None

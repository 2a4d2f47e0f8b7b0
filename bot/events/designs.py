"""Rotation designs: schedules with no repeated pair, built or stored rather than searched.

A design is a matrix rows[round, player] -> group in which no two players share a group
twice. Sources, tried in order:

- stored schedules found offline for social-golfer sizes no construction here reaches
  (6 groups of 5 over 6 rounds, 8 groups of 4 over 10);
- a Reed-Solomon code of degree one over GF(q): player f(x) = a*x + b sits in group
  f(x_r) in round r. Two different lines agree in at most one point, so no pair meets
  twice; a line with a != 0 never takes the same value twice, so when the same q experts
  host every round nobody meets an expert twice. Up to q rounds, up to q*q players
  (slopes a != 0 first);
- its affine-plane completion: with all q*q lines, one more round groups players by
  slope (parallel lines never meet), giving q + 1 rounds of q groups of q.

With fewer experts than rounds, each mentee meets every expert once and sits the other
rounds out; a schedule is then a word per mentee, the round they meet each expert in
(`few_expert_words`): the same code read the other way round (a line evaluated at one
point per expert, its value the round), the off-diagonal pairs of rounds for two
experts, or a stored schedule.

This module imports numpy only (OR-Tools when words are picked), so importing it stays cheap.
"""

from __future__ import annotations

import itertools

import numpy as np

from bot.events.roster import IntArray

# GF(2^k) as polynomials over GF(2) modulo these irreducible polynomials.
_BINARY_FIELDS = {4: (2, 0b111), 8: (3, 0b1011), 16: (4, 0b10011), 32: (5, 0b100101)}

# Found offline by CP-SAT with a symmetry imposed and checked by tests: one string per
# round, the group of each player in turn. 6-5-6: players Z_3 x 10, two base rounds
# shifted by 0, 1, 2. 8-4-10 (devtools/golfer_search.py): players Z_8 x 4, two rounds
# fixed by the shift 4 and shifted by 0..3, one fixed by the shift 2 and shifted by 0, 1;
# players 8 * level + x and 8 * level + x + 4 never meet.
_STORED: dict[tuple[int, int], tuple[str, ...]] = {
    (6, 5): (
        "034505435441312422253511002130",
        "403550543144231242325151200013",
        "340055354414123224532115020301",
        "003423112543313024055104145225",
        "300342211354331402505410514522",
        "030234121435133240550041451252",
    ),
    (8, 4): (
        "00123345624675177202653516404713",
        "01123445673576020631370442751562",
        "01223455367407615164247135370206",
        "01233450246751762026535764047131",
        "01023435564627174473116020725365",
        "01213454607573621556422703163047",
        "01232405361757467255603371426410",
        "01234351646270754730061417253652",
        "01203213110022334567547657744665",
        "01231032022113304564765766775544",
    ),
}

# CP-SAT picks the words for fewer mentees than a source holds: tens of words, so an
# optimum comes in milliseconds; the cap only bounds a pathological case.
FIT_DETERMINISTIC_SECONDS = 0.5

# Found offline by CP-SAT (devtools/few_experts_search.py), one word per mentee, the
# round they meet each expert in, over 6 rounds: 3 experts, 30 mentees at tables of 5
# and no pair meeting twice; 4 experts, 30 mentees at tables of 4 to 7 and 3 pairs
# meeting twice (none has fewer: devtools/few_experts_bound.py); 5 experts, 30
# mentees at tables of 4 to 8 and 6 pairs meeting twice.
_STORED_WORDS: dict[tuple[int, int], str] = {
    (3, 6): (
        "012 314 502 154 524 401 135 530 243 340 305 513 453 023 051 "
        "034 352 204 231 045 142 250 541 215 425 410 432 103 120 321"
    ),
    (4, 6): (
        "0123 1254 2513 1403 3415 4210 "
        "4053 3524 2145 4305 1342 1530 "
        "3415 5243 2513 0235 0314 4132 "
        "3150 5431 0541 5104 0452 1025 "
        "2351 5320 5012 0541 2034 3201"
    ),
    (5, 6): (
        "01234 50431 15203 45132 20543 04512 34251 54123 53042 31402 "
        "41320 41320 32145 43501 40215 53042 12530 13425 52314 35024 "
        "10352 24035 31402 05341 24035 45132 02453 25410 23154 34251"
    ),
}


def stored_design(groups: int, size: int) -> IntArray | None:
    """The stored zero-repeat schedule for `groups` groups of `size`, all its rounds."""
    rounds = _STORED.get((groups, size))
    if rounds is None:
        return None
    return np.array([[int(group) for group in row] for row in rounds], dtype=np.int64)


def stored_sizes() -> tuple[tuple[int, int, int], ...]:
    """(groups, size, rounds) of every stored design."""
    return tuple((groups, size, len(rows)) for (groups, size), rows in _STORED.items())


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
    """Round x codeword -> symbol; codewords taken slope by slope so groups stay even.

    Slopes 1..q-1 come first (nobody meets a symbol twice); slope 0, the constant
    codewords, only past q*(q-1) codewords.
    """
    tables = _field_tables(order)
    if tables is None or rounds > order or codewords > order * order:
        return None
    add, multiply = tables
    points = np.arange(rounds)
    slope_order = np.concatenate([np.arange(1, order), [0]])
    slopes = np.repeat(slope_order, order)[:codewords]
    offsets = np.tile(np.arange(order), order)[:codewords]
    return np.asarray(add[multiply[slopes][:, points].T, offsets[np.newaxis, :]], dtype=np.int64)


def affine_plane_rows(order: int) -> IntArray | None:
    """q + 1 rounds of q groups of q over q*q players: the parallel classes of AG(2, q)."""
    coded = reed_solomon_rows(order, order, order * order)
    if coded is None:
        return None
    slope_order = np.concatenate([np.arange(1, order), [0]])
    by_slope = np.repeat(slope_order, order)
    return np.vstack([coded, by_slope[np.newaxis, :]])


def resolvable_rows(groups: int, players: int, rounds: int) -> IntArray | None:
    """A zero-repeat schedule of `players` in `groups` groups (sizes differing by at
    most one) over `rounds` rounds, or None when no source here fits."""
    if groups < 1 or players < groups or rounds < 1:
        return None
    size, left_over = divmod(players, groups)
    stored = stored_design(groups, size) if not left_over else None
    if stored is not None and rounds <= stored.shape[0]:
        return stored[:rounds]
    if rounds <= groups:
        return reed_solomon_rows(groups, rounds, players)
    if rounds == groups + 1 and players == groups * groups:
        return affine_plane_rows(groups)
    return None


def few_expert_words(
    experts: int, rounds: int, mentees: int, table_min: int = 1, table_max: int | None = None
) -> IntArray | None:
    """Mentee x expert -> round, no round twice in a row, or None when no source fits.

    Codes give schedules where no pair meets twice, stored schedules the fewest found.
    Fewer mentees than a source holds take the words that repeat the fewest pairs while
    every table stays empty or within table_min..table_max.
    """
    if not 1 <= experts < rounds or mentees < 1:
        return None
    words = _word_source(experts, rounds)
    if words is None or mentees > len(words):
        return None
    return _fitting_words(words, mentees, rounds, (table_min, table_max or mentees))


def _word_source(experts: int, rounds: int) -> IntArray | None:
    stored = _STORED_WORDS.get((experts, rounds))
    if stored is not None:
        return np.array([[int(r) for r in word] for word in stored.split()], dtype=np.int64)
    coded = reed_solomon_rows(rounds, experts, rounds * (rounds - 1))
    if coded is not None:
        return np.ascontiguousarray(coded.T)
    if experts == 2:
        first = np.tile(np.arange(rounds), rounds - 1)
        apart = np.repeat(np.arange(1, rounds), rounds)
        return np.stack([first, (first + apart) % rounds], axis=1)
    return None


def _fitting_words(
    words: IntArray, count: int, rounds: int, table_range: tuple[int, int]
) -> IntArray | None:
    """The `count` words repeating the fewest pairs with every table empty or in range."""
    if count == len(words) and _tables_fit(words, rounds, table_range):
        return words
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    kept = [model.new_bool_var(f"w{index}") for index in range(len(words))]
    model.add(sum(kept) == count)
    for expert, round_index in itertools.product(range(words.shape[1]), range(rounds)):
        size = sum(kept[w] for w in np.flatnonzero(words[:, expert] == round_index).tolist())
        opened = model.new_bool_var(f"t{expert}_{round_index}")
        model.add(size >= table_range[0] * opened)
        model.add(size <= table_range[1] * opened)
    together = (words[:, np.newaxis, :] == words[np.newaxis, :, :]).sum(axis=2) > 1
    repeated = []
    for left, right in zip(*np.nonzero(np.triu(together, k=1)), strict=True):
        both = model.new_bool_var(f"r{left}_{right}")
        model.add_bool_or([kept[left].Not(), kept[right].Not(), both])
        repeated.append(both)
    model.minimize(sum(repeated))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = FIT_DETERMINISTIC_SECONDS
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return words[[index for index, word in enumerate(kept) if solver.value(word)]]


def _tables_fit(words: IntArray, rounds: int, table_range: tuple[int, int]) -> bool:
    sizes = np.zeros((rounds, words.shape[1]), dtype=np.int64)
    np.add.at(sizes, (words, np.arange(words.shape[1])[np.newaxis, :]), 1)
    opened = sizes[sizes > 0]
    return bool(((opened >= table_range[0]) & (opened <= table_range[1])).all())


def repeated_pairs(rows: IntArray) -> int:
    """How many player pairs share a group in more than one round."""
    players = rows.shape[1]
    together = np.zeros((players, players), dtype=np.int64)
    for row in rows:
        together += row[:, np.newaxis] == row[np.newaxis, :]
    return int(np.triu(together > 1, k=1).sum())

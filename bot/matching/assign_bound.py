"""The exact cohort optimum without a flow over every allowed pair: prune by a bound.

A small candidate graph (each mentee's and each mentor's best few partners) is solved first.
Its count is optimal once it reaches what the full problem could match at most; its worst fit
t is then reachable in the full problem too, so the full optimum uses no pair below t. Every
allowed pair at or above t is therefore a graph whose lexicographic optimum is the optimum
over all allowed pairs, and it is a small fraction of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from bot.matching.assign_defaults import (
    DEFAULT_CANDIDATES_PER_MENTEE,
    DEFAULT_LOAD_PENALTY,
    FIT_SCALE,
)
from bot.matching.assign_flow import CandidateGraph, Solution, best_worst_fit, max_matched, solve
from bot.matching.circumstances import Matrix
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.rules import forbidden_pairs, is_paused
from bot.matching.scoring import Scorer, value_matrix

_WIDENING = 4
_BLOCK_CELLS = 1 << 18
_TILE = 256


class CountProof(StrEnum):
    """Why the pruned graph's count is the most the whole problem can match."""

    CEILING = "reaches the ceiling"
    FULL_FLOW = "equals a max flow over all allowed pairs"


@dataclass(frozen=True, slots=True)
class BoundedSolve:
    """The optimum over all allowed pairs, on the graph of pairs at or above the bound."""

    graph: CandidateGraph
    solution: Solution
    widths: tuple[int, ...]
    count_proof: CountProof
    ceiling: int
    floor_units: int | None
    allowed_pairs: int


def fit_matrix(
    needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile], scorer: Scorer, today: date
) -> Matrix:
    """Fit of every pair, -inf where a hard rule forbids it."""
    values = value_matrix(scorer, needs, mentors)
    open_mentors, rows, columns = forbidden_pairs(needs, mentors, today)
    values[:, ~open_mentors] = -np.inf
    values[rows, columns] = -np.inf
    return values


def open_slots(mentors: Sequence[MentorProfile], today: date) -> NDArray[np.int64]:
    return np.array([0 if is_paused(m, today) else m.free_slots for m in mentors], dtype=np.int64)


def candidate_graph(
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    scorer: Scorer,
    today: date,
    candidates_per_mentee: int = DEFAULT_CANDIDATES_PER_MENTEE,
) -> CandidateGraph:
    """Each mentee's best `candidates_per_mentee` allowed mentors (ties by position)."""
    fits = fit_matrix(needs, mentors, scorer, today)
    rows, cols = _best_per_row(fits, candidates_per_mentee)
    return graph_of(fits, open_slots(mentors, today), rows, cols)


def graph_of(
    fits: Matrix,
    slots: NDArray[np.int64],
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    min_units: int | None = None,
) -> CandidateGraph:
    """The graph of the given (mentee, mentor) pairs, leaving out forbidden ones.

    With `min_units`, also those whose fit in units (as the graph rounds it) is below it.
    """
    fit = fits[rows, cols]
    real = np.isfinite(fit)
    if min_units is not None:
        real &= np.rint(fit * FIT_SCALE) >= min_units
    return CandidateGraph(
        mentee=rows[real].astype(np.int64),
        mentor=cols[real].astype(np.int64),
        fit=fit[real].astype(np.float64),
        slots=slots,
        mentee_count=fits.shape[0],
    )


def exact_solve(
    fits: Matrix,
    slots: NDArray[np.int64],
    width: int = DEFAULT_CANDIDATES_PER_MENTEE,
    load_penalty: float = DEFAULT_LOAD_PENALTY,
) -> BoundedSolve:
    """The lexicographic optimum over every allowed pair of `fits` (see `solve`)."""
    allowed = np.isfinite(fits)
    reachable = allowed.any(axis=1)
    ceiling = min(int(reachable.sum()), int(slots[allowed.any(axis=0)].sum()))
    widths = [max(width, 1)]
    pruned = graph_of(fits, slots, *_best_both_ways(fits, widths[-1]))
    matched = max_matched(pruned)
    proof = CountProof.CEILING
    target = ceiling
    if matched < ceiling:
        proof = CountProof.FULL_FLOW
        target = max_matched(graph_of(fits, slots, *_nonzero(allowed)))
    while matched < target:
        widths.append(widths[-1] * _WIDENING)
        pruned = graph_of(fits, slots, *_best_both_ways(fits, widths[-1]))
        matched = max_matched(pruned)
    if matched == 0:
        empty = solve(pruned, load_penalty, matched=0)
        return BoundedSolve(pruned, empty, tuple(widths), proof, ceiling, None, int(allowed.sum()))
    floor_units = best_worst_fit(pruned, matched)
    bounded = graph_of(fits, slots, *_nonzero(fits >= (floor_units - 1) / FIT_SCALE), floor_units)
    solution = solve(bounded, load_penalty, matched=matched, floor_units=floor_units)
    return BoundedSolve(
        bounded, solution, tuple(widths), proof, ceiling, floor_units, int(allowed.sum())
    )


def _nonzero(mask: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    # Flat positions split in two: a few times faster than numpy's two-dimensional nonzero.
    rows, cols = np.divmod(np.flatnonzero(mask).astype(np.int64), max(mask.shape[1], 1))
    return rows, cols


def _best_per_row(fits: Matrix, keep: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    lines, across = fits.shape
    keep = min(keep, across)
    if keep == 0 or lines == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    best = np.empty((lines, keep), dtype=np.int64)
    # A few lines at a time: a whole matrix of positions would cost fresh memory to touch.
    step = max(1, _BLOCK_CELLS // across)
    for start in range(0, lines, step):
        block = fits[start : start + step]
        best[start : start + step] = np.argpartition(block, across - keep, axis=1)[:, -keep:]
    return np.repeat(np.arange(lines, dtype=np.int64), keep), best.ravel()


def _best_both_ways(fits: Matrix, keep: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each mentee's best `keep` mentors and each mentor's best `keep` mentees, once each
    (with any tied with the last kept).

    The mentor side matters: a mentor in nobody's short list would leave slots unused that
    the full problem fills.
    """
    row_floor = _kth_best(fits, keep, by_column=False)
    column_floor = _kth_best(fits, keep, by_column=True)
    chosen = fits >= row_floor[:, np.newaxis]
    chosen |= fits >= column_floor[np.newaxis, :]
    return _nonzero(chosen)


def _kth_best(fits: Matrix, keep: int, *, by_column: bool) -> Matrix:
    """Each row's (or column's) `keep`-th best value; where that is forbidden, the lowest
    allowed one.

    A few lines at a time, partitioned in one reused buffer: a column's values are copied
    into it tile by tile, so that a tile's rows and columns both stay in cache.
    """
    lines, across = (fits.shape[1], fits.shape[0]) if by_column else fits.shape
    kth = np.full(lines, -np.inf)
    if 0 < keep <= across:
        step = max(1, _BLOCK_CELLS // across)
        buffer = np.empty((min(step, lines), across))
        for start in range(0, lines, step):
            block = buffer[: min(step, lines - start)]
            if by_column:
                for i in range(0, across, _TILE):
                    block[:, i : i + _TILE] = fits[i : i + _TILE, start : start + step].T
            else:
                block[:] = fits[start : start + step]
            block.partition(across - keep, axis=1)
            kth[start : start + step] = block[:, across - keep]
    # Lines with fewer allowed partners keep them all, and no forbidden pair.
    np.maximum(kth, np.finfo(np.float64).min, out=kth)
    return kth

"""Hard rules: pairs that must never be suggested, whatever their score."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from bot.matching.profiles import MenteeNeed, MentorProfile


def is_paused(mentor: MentorProfile, today: date) -> bool:
    return mentor.paused_until is not None and today < mentor.paused_until


def broken_rule(need: MenteeNeed, mentor: MentorProfile, today: date) -> str | None:
    """Why this pair is not allowed, or None when it is."""
    if need.person_id == mentor.person_id:
        return "same person"
    if is_paused(mentor, today):
        return f"mentor paused until {mentor.paused_until}"
    if mentor.active_mentees >= mentor.capacity:
        return "mentor has no free slot"
    if mentor.person_id in need.never_pair or need.person_id in mentor.never_pair:
        return "never pair"
    return None


def allowed_matrix(
    needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile], today: date
) -> NDArray[np.bool_]:
    """allowed[i, j] is True when need i may be paired with mentor j."""
    open_mentors, rows, columns = forbidden_pairs(needs, mentors, today)
    allowed = np.repeat(open_mentors[np.newaxis, :], len(needs), axis=0)
    allowed[rows, columns] = False
    return allowed


def forbidden_pairs(
    needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile], today: date
) -> tuple[NDArray[np.bool_], list[int], list[int]]:
    """Which mentors are open at all, and the (need, mentor) pairs forbidden besides."""
    open_mentors = np.array(
        [not is_paused(m, today) and m.active_mentees < m.capacity for m in mentors], dtype=bool
    )
    mentor_columns = _positions(m.person_id for m in mentors)
    need_rows = _positions(n.person_id for n in needs)
    rows: list[int] = []
    columns: list[int] = []
    for i, need in enumerate(needs):
        for forbidden in need.never_pair | {need.person_id}:
            for j in mentor_columns.get(forbidden, ()):
                rows.append(i)
                columns.append(j)
    for j, mentor in enumerate(mentors):
        for forbidden in mentor.never_pair:
            for i in need_rows.get(forbidden, ()):
                rows.append(i)
                columns.append(j)
    return open_mentors, rows, columns


def _positions(person_ids: Iterable[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, person_id in enumerate(person_ids):
        positions.setdefault(person_id, []).append(index)
    return positions

"""The circumstances of a pairing: career stage, free time, department and language."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from bot.career import CareerStage
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile

Matrix = NDArray[np.float64]
NeedKey = TypeVar("NeedKey", bound=Hashable)
MentorKey = TypeVar("MentorKey", bound=Hashable)

_BEST_STAGE_GAP = range(1, 5)
_FULL_AVAILABILITY_CHATS = 4


def stage_fit(gap: int) -> float:
    """Fit of a mentor `gap` career ranks above the mentee: 1-4 ahead is best."""
    if gap < 0:
        return 0.0
    if gap == 0:
        return 0.2
    if gap in _BEST_STAGE_GAP:
        return 1.0
    return max(0.6, 1.0 - 0.08 * (gap - _BEST_STAGE_GAP.stop + 1))


def stage_reason(mentee: CareerStage, mentor: CareerStage) -> str:
    if mentee is mentor:
        return "same career stage"
    return f"{_lower_label(mentor)} for a {_lower_label(mentee)}"


def _lower_label(stage: CareerStage) -> str:
    return stage.label if stage.label.startswith("PGY") else stage.label.lower()


def capacity_fit(mentors: Sequence[MentorProfile]) -> Matrix:
    return np.array(
        [
            0.5 * (m.free_slots / m.capacity if m.capacity > 0 else 0.0)
            + 0.5
            * min(max(m.chats_per_month, 0), _FULL_AVAILABILITY_CHATS)
            / _FULL_AVAILABILITY_CHATS
            for m in mentors
        ]
    )


@dataclass(frozen=True, slots=True)
class KeyedTable:
    """values[a, b] for the a-th distinct need key and b-th distinct mentor key."""

    values: Matrix
    need_index: NDArray[np.intp]
    mentor_index: NDArray[np.intp]

    @classmethod
    def build(
        cls,
        need_keys: Sequence[NeedKey],
        mentor_keys: Sequence[MentorKey],
        fit: Callable[[NeedKey, MentorKey], float],
    ) -> KeyedTable:
        distinct_needs = {key: k for k, key in enumerate(dict.fromkeys(need_keys))}
        distinct_mentors = {key: k for k, key in enumerate(dict.fromkeys(mentor_keys))}
        values = np.array(
            [[fit(a, b) for b in distinct_mentors] for a in distinct_needs], dtype=np.float64
        ).reshape(len(distinct_needs), len(distinct_mentors))
        return cls(
            values,
            np.array([distinct_needs[key] for key in need_keys], dtype=np.intp),
            np.array([distinct_mentors[key] for key in mentor_keys], dtype=np.intp),
        )

    @staticmethod
    def weighted_sum(tables: dict[str, KeyedTable], weight: dict[str, float]) -> KeyedTable:
        """One table over combined keys holding the weighted sum of several tables."""
        named = list(tables.items())
        need_codes = np.stack([table.need_index for _, table in named], axis=1)
        mentor_codes = np.stack([table.mentor_index for _, table in named], axis=1)
        distinct_needs, need_index = np.unique(need_codes, axis=0, return_inverse=True)
        distinct_mentors, mentor_index = np.unique(mentor_codes, axis=0, return_inverse=True)
        values = np.zeros((len(distinct_needs), len(distinct_mentors)))
        for k, (name, table) in enumerate(named):
            values += (
                weight[name] * table.values[np.ix_(distinct_needs[:, k], distinct_mentors[:, k])]
            )
        return KeyedTable(values, need_index.ravel(), mentor_index.ravel())

    def expand(self, aligned: bool) -> Matrix:
        if aligned:
            return self.values[self.need_index, self.mentor_index]
        return self.values[self.need_index][:, self.mentor_index]

    def expand_rows(self, rows: slice) -> Matrix:
        """The rows `rows` of the needs x mentors matrix `expand(aligned=False)` gives."""
        return self.values[self.need_index[rows]][:, self.mentor_index]


def _department_key(department: str | None) -> str | None:
    return department.strip().casefold() or None if department else None


def department_fit(
    need_side: tuple[str | None, DepartmentPreference], mentor_department: str | None
) -> float:
    need_department, preference = need_side
    if need_department is None or mentor_department is None:
        return 0.5
    same = need_department == mentor_department
    if preference is DepartmentPreference.PREFER:
        return 1.0 if same else 0.0
    if preference is DepartmentPreference.AVOID:
        return 0.0 if same else 1.0
    return 0.5


def department_reason(need: MenteeNeed, mentor: MentorProfile) -> str | None:
    need_department = _department_key(need.department)
    mentor_department = _department_key(mentor.department)
    if need.department_preference is DepartmentPreference.NONE:
        return None
    if need_department is None or mentor_department is None:
        return None
    return "same department" if need_department == mentor_department else "other department"


def language_fit(need_languages: frozenset[str], mentor_languages: frozenset[str]) -> float:
    if not need_languages or not mentor_languages:
        return 0.5
    return 1.0 if need_languages & mentor_languages else 0.0


def circumstance_tables(
    needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
) -> dict[str, KeyedTable]:
    """Stage, department and language fit, keyed like the scorer's weights."""
    # Each depends on a few distinct values per person: score each distinct pair of values
    # once, then spread the small table to every pair.
    return {
        "stage": KeyedTable.build(
            [n.career_stage.rank for n in needs],
            [m.career_stage.rank for m in mentors],
            lambda need_rank, mentor_rank: stage_fit(mentor_rank - need_rank),
        ),
        "department": KeyedTable.build(
            [(_department_key(n.department), n.department_preference) for n in needs],
            [_department_key(m.department) for m in mentors],
            department_fit,
        ),
        "language": KeyedTable.build(
            [n.languages for n in needs], [m.languages for m in mentors], language_fit
        ),
    }

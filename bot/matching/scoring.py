"""How well a mentor fits a mentee's need: a value in [0, 1] with short reasons."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, fields
from typing import Protocol, TypeVar, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.career import CareerStage
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.vocabulary import Vocabulary, load_vocabulary, words_of

Matrix = NDArray[np.float64]
NeedKey = TypeVar("NeedKey", bound=Hashable)
MentorKey = TypeVar("MentorKey", bound=Hashable)

# Credit for a mentor whose expertise is this many steps from the need in the specialty tree:
# the parent specialty of a subspecialty (1 step) helps, a sibling subspecialty (2 steps) a little.
_RELATED_CREDIT = {0: 1.0, 1: 0.5, 2: 0.25}
_BEST_STAGE_GAP = range(1, 5)
_FULL_AVAILABILITY_CHATS = 4


# Wording this close (0-1) counts as common ground even without a shared topic.
TEXT_FIT = 0.5


@dataclass(frozen=True, slots=True)
class Score:
    """`fits`: the mentor has something in common with the need, not just free time."""

    value: float
    reasons: tuple[str, ...] = ()
    fits: bool = True


@runtime_checkable
class Scorer(Protocol):
    def score(self, need: MenteeNeed, mentor: MentorProfile) -> Score: ...


@runtime_checkable
class BatchScorer(Scorer, Protocol):
    """A scorer that can also score every need against every mentor at once."""

    def score_matrix(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> Matrix: ...


@runtime_checkable
class PairScorer(Scorer, Protocol):
    """A scorer that can score many (need, mentor) pairs, with reasons, in one batch."""

    def score_pairs(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> list[Score]: ...


def value_matrix(
    scorer: Scorer, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
) -> Matrix:
    """values[i, j] = scorer.score(needs[i], mentors[j]).value, vectorised when the scorer can."""
    if isinstance(scorer, BatchScorer):
        return scorer.score_matrix(needs, mentors)
    values = np.zeros((len(needs), len(mentors)))
    for i, need in enumerate(needs):
        for j, mentor in enumerate(mentors):
            values[i, j] = scorer.score(need, mentor).value
    return values


def score_pairs(
    scorer: Scorer, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
) -> list[Score]:
    """scorer.score(needs[k], mentors[k]) for each k, in one batch when the scorer can."""
    if isinstance(scorer, PairScorer):
        return scorer.score_pairs(needs, mentors)
    return [scorer.score(n, m) for n, m in zip(needs, mentors, strict=True)]


@dataclass(frozen=True, slots=True)
class Weights:
    """Relative importance of each part of the fit; they need not sum to 1."""

    concepts: float = 0.45
    text: float = 0.15
    stage: float = 0.15
    capacity: float = 0.10
    department: float = 0.05
    language: float = 0.10


def stage_fit(gap: int) -> float:
    """Fit of a mentor `gap` career ranks above the mentee: 1-4 ahead is best."""
    if gap < 0:
        return 0.0
    if gap == 0:
        return 0.2
    if gap in _BEST_STAGE_GAP:
        return 1.0
    return max(0.6, 1.0 - 0.08 * (gap - _BEST_STAGE_GAP.stop + 1))


class DefaultScorer:
    """Scores from the vocabulary, the words people wrote, and their circumstances; no network."""

    def __init__(self, vocabulary: Vocabulary | None = None, weights: Weights = Weights()) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.weights = weights
        self._weight_total = sum(getattr(weights, f.name) for f in fields(weights))
        concept_ids = list(self.vocabulary.concepts)
        self._columns = {concept_id: k for k, concept_id in enumerate(concept_ids)}
        self._relatedness = np.array(
            [[self._credit(a, b) for b in concept_ids] for a in concept_ids]
        )

    def _credit(self, wanted: str, offered: str) -> float:
        distance = self.vocabulary.distance(wanted, offered)
        return _RELATED_CREDIT.get(distance, 0.0) if distance is not None else 0.0

    def score(self, need: MenteeNeed, mentor: MentorProfile) -> Score:
        return self.score_pairs([need], [mentor])[0]

    def score_pairs(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> list[Score]:
        """Scores of needs[k] with mentors[k], for each k: one batch, with reasons."""
        parts = self.components(needs, mentors, aligned=True)
        values = self._combine(parts)
        return [
            self._score(need, mentor, float(values[k]), {n: float(p[k]) for n, p in parts.items()})
            for k, (need, mentor) in enumerate(zip(needs, mentors, strict=True))
        ]

    def _score(
        self, need: MenteeNeed, mentor: MentorProfile, value: float, part: dict[str, float]
    ) -> Score:
        # A need naming no known topic gives nothing to compare, so every mentor may fit it.
        fits = not need.concepts or part["concepts"] > 0 or part["text"] >= TEXT_FIT
        return Score(value, self._reasons(need, mentor, part), fits)

    def score_matrix(self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]) -> Matrix:
        """The values of `score` for every pair, in a few passes over the matrix."""
        if not needs or not mentors:
            return np.zeros((len(needs), len(mentors)))
        share = {
            f.name: getattr(self.weights, f.name) / self._weight_total for f in fields(Weights)
        }
        wanted, credit = self._concept_vectors(needs, mentors)
        total: Matrix = (wanted * share["concepts"]) @ credit.T
        text = self._text_fit(needs, mentors, aligned=False)
        text *= share["text"]
        total += text
        del text
        circumstances = _KeyedTable.weighted_sum(self._circumstances(needs, mentors), share)
        total += circumstances.expand(aligned=False)
        total += share["capacity"] * _capacity_fit(mentors)[np.newaxis, :]
        return np.clip(total, 0.0, 1.0, out=total)

    def components(
        self,
        needs: Sequence[MenteeNeed],
        mentors: Sequence[MentorProfile],
        *,
        aligned: bool = False,
    ) -> dict[str, Matrix]:
        """Each part of the fit in [0, 1], keyed like `Weights`.

        A needs x mentors matrix, or with aligned=True one value per (needs[k], mentors[k]).
        Parts that depend on one side only may come as a broadcastable row.
        """
        if aligned and len(needs) != len(mentors):
            raise ValueError("aligned scoring needs as many mentors as needs")
        wanted, credit = self._concept_vectors(needs, mentors)
        capacity = _capacity_fit(mentors)
        return {
            "concepts": np.einsum("kc,kc->k", wanted, credit) if aligned else wanted @ credit.T,
            "text": self._text_fit(needs, mentors, aligned),
            "capacity": capacity if aligned else capacity[np.newaxis, :],
            **{
                name: table.expand(aligned)
                for name, table in self._circumstances(needs, mentors).items()
            },
        }

    def _circumstances(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> dict[str, _KeyedTable]:
        # Stage, department and language depend on a few distinct values per person: score
        # each distinct pair of values once, then spread the small table to every pair.
        return {
            "stage": _KeyedTable.build(
                [n.career_stage.rank for n in needs],
                [m.career_stage.rank for m in mentors],
                lambda need_rank, mentor_rank: stage_fit(mentor_rank - need_rank),
            ),
            "department": _KeyedTable.build(
                [(_department_key(n.department), n.department_preference) for n in needs],
                [_department_key(m.department) for m in mentors],
                _department_fit,
            ),
            "language": _KeyedTable.build(
                [n.languages for n in needs], [m.languages for m in mentors], _language_fit
            ),
        }

    def _text_fit(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile], aligned: bool
    ) -> Matrix:
        return _text_fit(
            [self.text_key(n.goal) for n in needs],
            [self.text_key(m.help_text) for m in mentors],
            aligned,
        )

    def _combine(self, parts: dict[str, Matrix]) -> Matrix:
        total = np.zeros(np.broadcast_shapes(*(part.shape for part in parts.values())))
        for name, part in parts.items():
            total += getattr(self.weights, name) * part
        total /= self._weight_total
        return np.clip(total, 0.0, 1.0, out=total)

    def _concept_vectors(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> tuple[Matrix, Matrix]:
        """Per need, the weight of each concept it asks; per mentor, the credit it gives each."""
        columns = dict(self._columns)
        for concept_id in sorted(
            {c for n in needs for c in n.concepts} | {c for m in mentors for c in m.expertise}
        ):
            columns.setdefault(concept_id, len(columns))
        known = len(self._columns)
        wanted = np.zeros((len(needs), len(columns)))
        for i, need in enumerate(needs):
            if need.concepts:
                wanted[i, [columns[c] for c in need.concepts]] = 1.0 / len(need.concepts)
        credit = np.zeros((len(mentors), len(columns)))
        for j, mentor in enumerate(mentors):
            offered = [columns[c] for c in mentor.expertise]
            offered_known = [c for c in offered if c < known]
            if offered_known:
                credit[j, :known] = self._relatedness[:, offered_known].max(axis=1)
            credit[j, offered] = 1.0
        return wanted, credit

    def text_key(self, text: str) -> str:
        """The distinct meaningful words of a text, sorted, so word order never matters."""
        stopwords = self.vocabulary.stopwords
        return " ".join(sorted({w.lower() for w in words_of(text)} - stopwords))

    def _reasons(
        self, need: MenteeNeed, mentor: MentorProfile, part: dict[str, float]
    ) -> tuple[str, ...]:
        reasons = list(self._concept_reasons(need, mentor))
        if part["text"] >= TEXT_FIT:
            reasons.append("profile wording close to the request")
        if need.stage_given and mentor.stage_given:
            reasons.append(_stage_reason(need.career_stage, mentor.career_stage))
        if mentor.capacity > 0:
            reasons.append(f"{mentor.free_slots} of {mentor.capacity} slots free")
        department = _department_reason(need, mentor)
        if department:
            reasons.append(department)
        shared = need.languages & mentor.languages
        if need.languages and mentor.languages and not shared:
            reasons.append("no shared language")
        elif shared - {"en", "english"}:
            reasons.append("speaks " + ", ".join(sorted(shared)))
        return tuple(reasons)

    def _concept_reasons(self, need: MenteeNeed, mentor: MentorProfile) -> list[str]:
        shared = sorted(need.concepts & mentor.expertise, key=self._label)
        reasons = ["both: " + " · ".join(self._label(c) for c in shared)] if shared else []
        for wanted in sorted(need.concepts - mentor.expertise, key=self._label):
            related = [
                (self.vocabulary.distance(wanted, offered), offered)
                for offered in mentor.expertise
                if wanted in self.vocabulary.concepts and offered in self.vocabulary.concepts
            ]
            close = sorted((d, o) for d, o in related if d is not None and d in _RELATED_CREDIT)
            if close:
                reasons.append(f"close: {self._label(close[0][1])} for {self._label(wanted)}")
        return reasons

    def _label(self, concept_id: str) -> str:
        return self.vocabulary.words(concept_id)


def _stage_reason(mentee: CareerStage, mentor: CareerStage) -> str:
    if mentee is mentor:
        return "same career stage"
    return f"{_lower_label(mentor)} for a {_lower_label(mentee)}"


def _lower_label(stage: CareerStage) -> str:
    return stage.label if stage.label.startswith("PGY") else stage.label.lower()


def _capacity_fit(mentors: Sequence[MentorProfile]) -> Matrix:
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
class _KeyedTable:
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
    ) -> _KeyedTable:
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
    def weighted_sum(tables: dict[str, _KeyedTable], weight: dict[str, float]) -> _KeyedTable:
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
        return _KeyedTable(values, need_index.ravel(), mentor_index.ravel())

    def expand(self, aligned: bool) -> Matrix:
        if aligned:
            return self.values[self.need_index, self.mentor_index]
        return self.values[self.need_index][:, self.mentor_index]


def _text_fit(goals: list[str], offers: list[str], aligned: bool) -> Matrix:
    # Threads only pay off on big batches; one pair is scored on the calling thread.
    workers = -1 if len(goals) * (1 if aligned else len(offers)) > 10_000 else 1
    compare = process.cpdist if aligned else process.cdist
    similarity: Matrix = compare(
        goals, offers, scorer=fuzz.ratio, workers=workers, dtype=np.float64
    )
    similarity *= 0.01
    empty_goal = np.array([not g for g in goals], dtype=bool)
    empty_offer = np.array([not o for o in offers], dtype=bool)
    if aligned:
        similarity[empty_goal | empty_offer] = 0.0
    else:
        similarity[empty_goal, :] = 0.0
        similarity[:, empty_offer] = 0.0
    return similarity


def _department_key(department: str | None) -> str | None:
    return department.strip().casefold() or None if department else None


def _department_fit(
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


def _department_reason(need: MenteeNeed, mentor: MentorProfile) -> str | None:
    need_department = _department_key(need.department)
    mentor_department = _department_key(mentor.department)
    if need.department_preference is DepartmentPreference.NONE:
        return None
    if need_department is None or mentor_department is None:
        return None
    return "same department" if need_department == mentor_department else "other department"


def _language_fit(need_languages: frozenset[str], mentor_languages: frozenset[str]) -> float:
    if not need_languages or not mentor_languages:
        return 0.5
    return 1.0 if need_languages & mentor_languages else 0.0

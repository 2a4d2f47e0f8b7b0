"""How well a mentor fits a mentee's need: a value in [0, 1] with short reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz, process

from bot.career import CareerStage
from bot.matching.profiles import DepartmentPreference, MenteeNeed, MentorProfile
from bot.matching.vocabulary import Vocabulary, load_vocabulary, words_of

Matrix = NDArray[np.float64]

# Credit for a mentor whose expertise is this many steps from the need in the specialty tree:
# the parent specialty of a subspecialty (1 step) helps, a sibling subspecialty (2 steps) a little.
_RELATED_CREDIT = {0: 1.0, 1: 0.5, 2: 0.25}
_BEST_STAGE_GAP = range(1, 5)
_FULL_AVAILABILITY_CHATS = 4


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    reasons: tuple[str, ...] = ()


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


_MAX_GAP = len(CareerStage) - 1
_STAGE_FIT_BY_GAP = np.array([stage_fit(g) for g in range(-_MAX_GAP, _MAX_GAP + 1)])


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
            Score(
                float(values[k]),
                self._reasons(need, mentor, {name: float(part[k]) for name, part in parts.items()}),
            )
            for k, (need, mentor) in enumerate(zip(needs, mentors, strict=True))
        ]

    def score_matrix(self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]) -> Matrix:
        return self._combine(self.components(needs, mentors))

    def components(
        self,
        needs: Sequence[MenteeNeed],
        mentors: Sequence[MentorProfile],
        *,
        aligned: bool = False,
    ) -> dict[str, Matrix]:
        """Each part of the fit in [0, 1], keyed like `Weights`.

        A needs x mentors matrix, or with aligned=True one value per (needs[k], mentors[k]).
        """
        if aligned and len(needs) != len(mentors):
            raise ValueError("aligned scoring needs as many mentors as needs")
        # Index arrays that broadcast to every pair, or walk the pairs side by side.
        rows = np.arange(len(needs)) if aligned else np.arange(len(needs))[:, np.newaxis]
        cols = np.arange(len(mentors)) if aligned else np.arange(len(mentors))[np.newaxis, :]
        wanted, credit = self._concept_vectors(needs, mentors)
        goals = [self.text_key(n.goal) for n in needs]
        offers = [self.text_key(m.help_text) for m in mentors]
        mentor_ranks = np.array([m.career_stage.rank for m in mentors], dtype=np.int64)
        need_ranks = np.array([n.career_stage.rank for n in needs], dtype=np.int64)
        return {
            "concepts": np.einsum("kc,kc->k", wanted, credit) if aligned else wanted @ credit.T,
            "text": _text_fit(goals, offers, aligned),
            "stage": _STAGE_FIT_BY_GAP[mentor_ranks[cols] - need_ranks[rows] + _MAX_GAP],
            "capacity": np.broadcast_to(_capacity_fit(mentors)[cols], (rows + cols).shape),
            "department": _department_fit(needs, mentors, rows, cols),
            "language": _language_fit(needs, mentors, rows, cols),
        }

    def _combine(self, parts: dict[str, Matrix]) -> Matrix:
        total = sum(getattr(self.weights, name) * matrix for name, matrix in parts.items())
        combined: Matrix = np.clip(
            np.asarray(total, dtype=np.float64) / self._weight_total, 0.0, 1.0
        )
        return combined

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
        if part["text"] >= 0.5:
            reasons.append(f"goal and offer read alike ({part['text']:.0%})")
        reasons.append(_stage_reason(mentor.career_stage.rank - need.career_stage.rank))
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
        concept = self.vocabulary.concepts.get(concept_id)
        label = concept.label if concept else concept_id.replace("_", " ")
        if len(label) > 1 and label[1].isupper():
            return label
        return label[:1].lower() + label[1:]


def _stage_reason(gap: int) -> str:
    if gap == 0:
        return "same stage"
    plural = "s" if abs(gap) > 1 else ""
    return f"{gap} stage{plural} ahead" if gap > 0 else f"{-gap} stage{plural} junior"


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


def _text_fit(goals: list[str], offers: list[str], aligned: bool) -> Matrix:
    # Threads only pay off on big batches; one pair is scored on the calling thread.
    workers = -1 if len(goals) * (1 if aligned else len(offers)) > 10_000 else 1
    compare = process.cpdist if aligned else process.cdist
    similarity = np.asarray(
        compare(goals, offers, scorer=fuzz.ratio, workers=workers), dtype=np.float64
    )
    empty_goal = np.array([not g for g in goals], dtype=bool)
    empty_offer = np.array([not o for o in offers], dtype=bool)
    if aligned:
        similarity[empty_goal | empty_offer] = 0.0
    else:
        similarity[np.logical_or.outer(empty_goal, empty_offer)] = 0.0
    return similarity / 100.0


def _department_code(department: str | None, codes: dict[str, int]) -> int:
    if not department or not department.strip():
        return -1
    return codes.setdefault(department.strip().casefold(), len(codes))


def _department_fit(
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
) -> Matrix:
    codes: dict[str, int] = {}
    need_codes = np.array([_department_code(n.department, codes) for n in needs], dtype=np.int64)
    mentor_codes = np.array([_department_code(m.department, codes) for m in mentors], np.int64)
    # fit = base + slope * same: prefer (0 + same), avoid (1 - same), no preference (0.5).
    # An unknown department counts as half the same, so every preference then gives 0.5.
    base = np.full(len(needs), 0.5)
    slope = np.zeros(len(needs))
    for i, need in enumerate(needs):
        if need_codes[i] >= 0 and need.department_preference is DepartmentPreference.PREFER:
            base[i], slope[i] = 0.0, 1.0
        elif need_codes[i] >= 0 and need.department_preference is DepartmentPreference.AVOID:
            base[i], slope[i] = 1.0, -1.0
    same = np.where(mentor_codes[cols] < 0, 0.5, need_codes[rows] == mentor_codes[cols])
    return np.asarray(base[rows] + slope[rows] * same, dtype=np.float64)


def _department_reason(need: MenteeNeed, mentor: MentorProfile) -> str | None:
    if need.department_preference is DepartmentPreference.NONE:
        return None
    if not need.department or not mentor.department:
        return None
    same = need.department.strip().casefold() == mentor.department.strip().casefold()
    return "same department" if same else "other department"


def _language_fit(
    needs: Sequence[MenteeNeed],
    mentors: Sequence[MentorProfile],
    rows: NDArray[np.intp],
    cols: NDArray[np.intp],
) -> Matrix:
    languages = sorted(
        {lang for n in needs for lang in n.languages}
        | {lang for m in mentors for lang in m.languages}
    )
    column = {lang: k for k, lang in enumerate(languages)}
    spoken_by_need = np.zeros((len(needs), len(languages)), dtype=bool)
    spoken_by_mentor = np.zeros((len(mentors), len(languages)), dtype=bool)
    for matrix, spoken in (
        (spoken_by_need, [n.languages for n in needs]),
        (spoken_by_mentor, [m.languages for m in mentors]),
    ):
        for row, person_languages in enumerate(spoken):
            matrix[row, [column[lang] for lang in person_languages]] = True
    shared: NDArray[np.bool_]
    if rows.ndim == 1:
        shared = np.any(spoken_by_need[rows] & spoken_by_mentor[cols], axis=1)
    else:
        shared = (spoken_by_need.astype(np.float64) @ spoken_by_mentor.T.astype(np.float64)) > 0
    need_speaks: NDArray[np.bool_] = np.any(spoken_by_need, axis=1)
    mentor_speaks: NDArray[np.bool_] = np.any(spoken_by_mentor, axis=1)
    unknown = ~need_speaks[rows] | ~mentor_speaks[cols]
    return np.where(unknown, 0.5, shared.astype(np.float64))

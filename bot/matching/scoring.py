"""How well a mentor fits a mentee's need: a value in [0, 1] with short reasons."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import cache
from threading import Lock
from typing import Protocol, runtime_checkable

import numpy as np

from bot.matching.circumstances import (
    KeyedTable,
    Matrix,
    capacity_fit,
    circumstance_tables,
    department_reason,
    stage_fit,
    stage_reason,
)
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.reasons import concept_reasons
from bot.matching.relevance import (
    ExpertiseKey,
    Population,
    expertise_key,
    relatedness_matrix,
)
from bot.matching.terms import load_terms
from bot.matching.views import Reader
from bot.matching.vocabulary import Vocabulary, load_vocabulary

__all__ = ["TEXT_FIT", "DefaultScorer", "Score", "Scorer", "Weights", "stage_fit"]

# Share of a request's words (weighted by rarity) found in a profile that counts as common
# ground even without a shared topic.
TEXT_FIT = 0.5
# Share of a request's concepts (weighted) a mentor must answer, at least in part, to fit it:
# above the crumbs a faint hint in one word leaves.
_CONCEPT_FIT = 0.05
# Populations whose statistics are kept, so a pair scored after its pool was ranked is scored
# with the same rarity as in the ranking.
_KEPT_POPULATIONS = 4
_BLOCK_CELLS = 1 << 18


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

    concepts: float = 0.30
    text: float = 0.30
    stage: float = 0.15
    capacity: float = 0.10
    department: float = 0.05
    language: float = 0.10


class DefaultScorer:
    """Scores from the vocabulary, the words people wrote, and their circumstances; no network.

    How rare a concept or word is comes from the mentors being ranked. A pair scored later
    (for its reasons) uses the statistics of the last ranking that included that mentor, so
    its value equals the one the ranking used; otherwise those of the mentors given.
    """

    def __init__(self, vocabulary: Vocabulary | None = None, weights: Weights = Weights()) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.weights = weights
        self._weight_total = sum(getattr(weights, f.name) for f in fields(weights))
        self._reader = Reader(self.vocabulary, load_terms(self.vocabulary))
        self._relatedness = relatedness_matrix(self.vocabulary)
        self._populations: OrderedDict[tuple[ExpertiseKey, ...], Population] = OrderedDict()
        self._lock = Lock()

    def __reduce__(self) -> tuple[object, tuple[Vocabulary | None, Weights]]:
        # Sent to a compute process as what it was made from: its caches, lock and stemmer
        # stay here, and the process builds (once) a scorer of its own.
        packaged = self.vocabulary is load_vocabulary()
        return (scorer_for, (None if packaged else self.vocabulary, self.weights))

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
        view = self._reader.need(need)
        # A need naming nothing known gives nothing to compare, so every mentor may fit it.
        fits = not view.concepts or part["concepts"] >= _CONCEPT_FIT or part["text"] >= TEXT_FIT
        return Score(value, self._reasons(need, mentor, part), fits)

    def score_matrix(self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]) -> Matrix:
        """The values of `score` for every pair, in a few passes over the matrix."""
        if not needs or not mentors:
            return np.zeros((len(needs), len(mentors)))
        share = {
            f.name: getattr(self.weights, f.name) / self._weight_total for f in fields(Weights)
        }
        population = self._population(mentors)
        views = [self._reader.need(need) for need in needs]
        circumstances = KeyedTable.weighted_sum(circumstance_tables(needs, mentors), share)
        capacity = share["capacity"] * capacity_fit(mentors)[np.newaxis, :]
        total = np.empty((len(needs), len(mentors)))
        # A few needs at a time: temporaries of a whole cohort's size would each cost fresh
        # memory, which takes longer to touch than the arithmetic on it.
        step = max(1, _BLOCK_CELLS // len(mentors))
        for start in range(0, len(needs), step):
            rows = slice(start, start + step)
            block = total[rows]
            np.multiply(population.concept_matrix(views[rows]), share["concepts"], out=block)
            words = population.word_matrix(views[rows])
            words *= share["text"]
            block += words
            block += circumstances.expand_rows(rows)
            block += capacity
            np.clip(block, 0.0, 1.0, out=block)
        return total

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
        concepts, words = (
            self._aligned_relevance(needs, mentors) if aligned else self._relevance(needs, mentors)
        )
        capacity = capacity_fit(mentors)
        return {
            "concepts": concepts,
            "text": words,
            "capacity": capacity if aligned else capacity[np.newaxis, :],
            **{
                name: table.expand(aligned)
                for name, table in circumstance_tables(needs, mentors).items()
            },
        }

    def _relevance(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> tuple[Matrix, Matrix]:
        population = self._population(mentors)
        views = [self._reader.need(need) for need in needs]
        return population.concept_matrix(views), population.word_matrix(views)

    def _aligned_relevance(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> tuple[Matrix, Matrix]:
        population = self._ranked_with(mentors) or self._population(
            list({expertise_key(m): m for m in mentors}.values())
        )
        parts = [
            population.pair(self._reader.need(n), m) for n, m in zip(needs, mentors, strict=True)
        ]
        return np.array([c for c, _ in parts]), np.array([w for _, w in parts])

    def _population(self, mentors: Sequence[MentorProfile]) -> Population:
        # Keyed by expertise alone, so a request after someone's load changed reuses the pool.
        key = tuple(expertise_key(m) for m in mentors)
        with self._lock:
            population = self._populations.get(key)
            if population is not None:
                self._populations.move_to_end(key)
                return population
        population = Population(mentors, self._reader, self._relatedness)
        with self._lock:
            self._populations[key] = population
            while len(self._populations) > _KEPT_POPULATIONS:
                self._populations.popitem(last=False)
        return population

    def _ranked_with(self, mentors: Sequence[MentorProfile]) -> Population | None:
        with self._lock:
            kept = list(reversed(self._populations.values()))
        keys = [expertise_key(m) for m in mentors]
        return next((p for p in kept if all(k in p.index for k in keys)), None)

    def _combine(self, parts: dict[str, Matrix]) -> Matrix:
        total = np.zeros(np.broadcast_shapes(*(part.shape for part in parts.values())))
        for name, part in parts.items():
            total += getattr(self.weights, name) * part
        total /= self._weight_total
        return np.clip(total, 0.0, 1.0, out=total)

    def _reasons(
        self, need: MenteeNeed, mentor: MentorProfile, part: dict[str, float]
    ) -> tuple[str, ...]:
        reasons = concept_reasons(
            self.vocabulary,
            self._reader.need(need),
            self._reader.mentor(mentor),
            mentor.expertise,
        )
        if need.stage_given and mentor.stage_given:
            reasons.append(stage_reason(need.career_stage, mentor.career_stage))
        if mentor.capacity > 0:
            reasons.append(f"{mentor.free_slots} of {mentor.capacity} slots free")
        department = department_reason(need, mentor)
        if department:
            reasons.append(department)
        shared = need.languages & mentor.languages
        if need.languages and mentor.languages and not shared:
            reasons.append("no shared language")
        elif shared - {"en", "english"}:
            reasons.append("speaks " + ", ".join(sorted(shared)))
        return tuple(reasons)


@cache
def _packaged_scorer(weights: Weights) -> DefaultScorer:
    return DefaultScorer(weights=weights)


def scorer_for(vocabulary: Vocabulary | None, weights: Weights) -> DefaultScorer:
    """A scorer of ``vocabulary`` (the packaged one when None), one per process for that."""
    if vocabulary is None:
        return _packaged_scorer(weights)
    return DefaultScorer(vocabulary, weights)

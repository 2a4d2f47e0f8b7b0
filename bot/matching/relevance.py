"""How much a mentor's expertise answers a need: concepts and words weighted by their rarity.

Two parts, each in [0, 1]. Concepts: the specialties and topics a need asks (stated, read from
its words, or pointed to by a named condition or procedure), each weighted by its kind and by how
rare it is among the mentors (BM25's idf), credited by what each mentor declares first and by what
their own words suggest second. Words: BM25 over word stems, abbreviations spelled out, so an
exact word in the profile counts whatever the profile's length, and a shared rare word counts
more than a common one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching.profiles import MentorProfile
from bot.matching.views import MentorView, NeedView, Reader
from bot.matching.vocabulary import Vocabulary

Matrix = NDArray[np.float64]

# Credit for a mentor whose expertise is this many steps from the need in the specialty tree:
# the parent specialty of a subspecialty (1 step) helps, a sibling subspecialty (2 steps) a little.
RELATED_CREDIT = {0: 1.0, 1: 0.5, 2: 0.25}
# BM25: term-frequency saturation and length normalisation.
_K1 = 1.2
_B = 0.5
_PREFIX = 6
_JOIN_SHARE = 0.75
# Share of the words part earned by conditions that sit near each other in ICD-10-CM (the
# request's haemorrhage, the profile's stroke): small, so it settles ties between colleagues
# of one specialty and hardly moves anything else.
_PLACE_SHARE = 0.02
_MIN_TYPO_STEM = 7


class Population:
    """Statistics of one set of mentors: concept credit per mentor, word postings and rarity."""

    def __init__(
        self, mentors: Sequence[MentorProfile], reader: Reader, relatedness: Matrix
    ) -> None:
        self.index = {expertise_key(m): j for j, m in enumerate(mentors)}
        views = [reader.mentor(m) for m in mentors]
        known = list(reader.vocabulary.concepts)
        extra = sorted({c for v in views for c in v.offered} - set(known))
        self.columns = {c: k for k, c in enumerate([*known, *extra])}
        self.credit = np.zeros((len(mentors), len(self.columns)))
        for j, view in enumerate(views):
            self.credit[j] = _credit_row(view, self.columns, relatedness, len(known))
        self._credit_by_column = np.ascontiguousarray(self.credit.T)
        count = len(mentors)
        self.concept_idf = _idf(np.count_nonzero(self.credit >= 0.5, axis=0), count)
        self._concept_idfs: list[float] = self.concept_idf.tolist()
        self.absent_idf = float(_idf(np.zeros(1), count)[0])
        lengths = np.array([v.reading.length for v in views], dtype=np.float64)
        average = max(float(lengths.mean()) if count else 1.0, 1.0)
        self.norm = 1 - _B + _B * lengths / average
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for j, view in enumerate(views):
            for stem, tf in view.reading.stems.items():
                rows, values = postings.setdefault(stem, ([], []))
                rows.append(j)
                values.append(_saturation(tf, float(self.norm[j])))
        self.postings = {
            stem: (np.array(rows, dtype=np.intp), np.array(values))
            for stem, (rows, values) in postings.items()
        }
        self.word_idf = {stem: _idf_value(len(rows), count) for stem, (rows, _) in postings.items()}
        self._stem_column = {stem: k for k, stem in enumerate(self.postings)}
        self._posting_start = np.cumsum(
            [0, *(len(rows) for rows, _ in self.postings.values())], dtype=np.intp
        )
        self._posting_rows = np.concatenate(
            [np.zeros(0, dtype=np.intp), *(rows for rows, _ in self.postings.values())]
        )
        self._posting_values = np.concatenate(
            [np.zeros(0), *(values for _, values in self.postings.values())]
        )
        place_rows: dict[str, list[int]] = {}
        for j, view in enumerate(views):
            for place in view.reading.places:
                place_rows.setdefault(place, []).append(j)
        self.place_rows = {p: np.array(rows, dtype=np.intp) for p, rows in place_rows.items()}
        self.place_idf = {p: _idf_value(len(rows), count) for p, rows in place_rows.items()}
        self.views = views
        self.size = count
        self._norms: list[float] = self.norm.tolist()
        # Python numbers for scoring pairs one by one: the same values, faster to reach.
        self._credit_lists: list[list[float]] | None = None
        self._by_prefix: dict[str, list[str]] = {}
        for stem in self.postings:
            self._by_prefix.setdefault(stem[:_PREFIX], []).append(stem)
        self._joined: dict[str, str | None] = {}
        self._stems: list[str] | None = None

    def joined(self, stem: str) -> str | None:
        """The mentors' stem a need's stem stands for: itself, or one sharing a long prefix.

        The stemmer leaves some forms of one word apart (cirrhotic/cirrhosis,
        hospitalist/hospital); a shared start of 6+ letters covering most of the shorter
        stem joins them.
        """
        if stem in self.postings:
            return stem
        if stem not in self._joined:
            best, best_length = None, 0
            for other in self._by_prefix.get(stem[:_PREFIX], []) if len(stem) >= _PREFIX else []:
                length = _common_prefix(stem, other)
                if length >= _JOIN_SHARE * min(len(stem), len(other)) and length > best_length:
                    best, best_length = other, length
            self._joined[stem] = best or self._misspelt(stem)
        return self._joined[stem]

    def _misspelt(self, stem: str) -> str | None:
        """A mentors' stem one edit away (two for long words): "colonscopi" for "colonoscopi"."""
        if len(stem) < _MIN_TYPO_STEM:
            return None
        if self._stems is None:
            self._stems = list(self.postings)
        found = process.extractOne(
            stem, self._stems, scorer=OSA.distance, score_cutoff=1 if len(stem) < 11 else 2
        )
        return None if found is None else str(found[0])

    def concept_weights(self, view: NeedView) -> tuple[list[int], list[float], float]:
        """Columns the need asks, their weights (kind x rarity), and the total weight asked."""
        columns, weights, total = [], [], 0.0
        for concept_id, weight in view.concepts.items():
            column = self.columns.get(concept_id)
            idf = self.absent_idf if column is None else self._concept_idfs[column]
            total += weight * idf
            if column is not None:
                columns.append(column)
                weights.append(weight * idf)
        return columns, weights, total

    def concept_matrix(self, views: Sequence[NeedView]) -> Matrix:
        """The concept part for every need and mentor.

        Each need asks a few concepts: their credit columns are added one concept at a time,
        in the need's order, the way `pair` adds them, so both give the same value.
        """
        asked = [self.concept_weights(view) for view in views]
        # Longest asks first, so the needs asking a k-th concept are the first rows.
        order = sorted(range(len(asked)), key=lambda i: -len(asked[i][0]))
        sums = np.zeros((len(views), self.size))
        for slot in range(len(asked[order[0]][0]) if asked else 0):
            taking = [i for i in order if len(asked[i][0]) > slot]
            credit = self._credit_by_column[[asked[i][0][slot] for i in taking]]
            credit *= np.array([asked[i][1][slot] for i in taking])[:, np.newaxis]
            sums[: len(taking)] += credit
        totals = np.array([total for _, _, total in asked])
        in_order = np.empty_like(sums)
        in_order[order] = sums
        return _shares(in_order, totals)

    def word_matrix(self, views: Sequence[NeedView]) -> Matrix:
        """The word part for every need and mentor.

        Every (need, stem, mentor) term is added in the order a loop over each need's stems
        would add it, so each value is the same to the last bit.
        """
        needs: list[int] = []
        stems: list[int] = []
        idfs: list[float] = []
        totals = np.zeros(len(views))
        for i, view in enumerate(views):
            total = 0.0
            for stem in view.reading.stems:
                found = self.joined(stem)
                idf = self.word_idf[found] if found else self.absent_idf
                total += idf
                if found is not None:
                    needs.append(i)
                    stems.append(self._stem_column[found])
                    idfs.append(idf)
            totals[i] = total
        stem_ids = np.array(stems, dtype=np.intp)
        counts = self._posting_start[stem_ids + 1] - self._posting_start[stem_ids]
        # Position of each term in the concatenated postings: its stem's start, then onwards.
        skip = self._posting_start[stem_ids] - (np.cumsum(counts) - counts)
        at = np.arange(int(counts.sum()), dtype=np.intp) + np.repeat(skip, counts)
        cells = np.repeat(np.array(needs, dtype=np.intp) * self.size, counts)
        cells += self._posting_rows[at]
        terms = np.repeat(np.array(idfs), counts) * self._posting_values[at]
        sums = np.bincount(cells, weights=terms, minlength=len(views) * self.size)
        words = _shares(sums.astype(np.float64, copy=False).reshape(len(views), self.size), totals)
        for i, view in enumerate(views):
            places, place_total = self._asked_places(view)
            if place_total > 0:
                near = np.zeros(self.size)
                for place in places:
                    if place in self.place_rows:
                        near[self.place_rows[place]] += self.place_idf[place]
                words[i] = (1 - _PLACE_SHARE) * words[i] + _PLACE_SHARE * near / place_total
        return words

    def _asked_places(self, view: NeedView) -> tuple[list[str], float]:
        """Where the request's conditions sit in ICD-10-CM, in one fixed order, and their weight.

        The order is fixed so that `word_matrix` and `pair` add the same terms in the same order.
        """
        places = sorted(view.reading.places | view.reading.title_places)
        return places, sum(self.place_idf.get(p, self.absent_idf) for p in places)

    def pair(self, view: NeedView, mentor: MentorProfile) -> tuple[float, float]:
        """The concept and word parts for one need and one mentor of this population."""
        j = self.index[expertise_key(mentor)]
        columns, weights, total = self.concept_weights(view)
        if self._credit_lists is None:
            self._credit_lists = self.credit.tolist()
        credit = self._credit_lists[j]
        concepts = 0.0
        for column, weight in zip(columns, weights, strict=True):
            concepts += credit[column] * weight
        concepts = concepts / total if total > 0 else 0.0
        stems = self.views[j].reading.stems
        word_total, words = 0.0, 0.0
        for stem in view.reading.stems:
            found = self.joined(stem)
            idf = self.word_idf[found] if found else self.absent_idf
            word_total += idf
            if found is not None and found in stems:
                words += idf * _saturation(stems[found], self._norms[j])
        words = words / word_total if word_total > 0 else 0.0
        places, place_total = self._asked_places(view)
        if place_total > 0:
            mentor_places = self.views[j].reading.places
            near = 0.0
            for place in places:
                if place in mentor_places:
                    near += self.place_idf[place]
            words = (1 - _PLACE_SHARE) * words + _PLACE_SHARE * near / place_total
        return concepts, words


ExpertiseKey = tuple[frozenset[str], frozenset[str], str]


def expertise_key(mentor: MentorProfile) -> ExpertiseKey:
    """All that the relevance of a mentor depends on: not their load or their calendar."""
    return (mentor.specialties, mentor.topics, mentor.help_text)


def _credit_row(
    view: MentorView, columns: Mapping[str, int], relatedness: Matrix, known: int
) -> Matrix:
    row = np.zeros(len(columns))
    for concept_id, credit in view.offered.items():
        column = columns[concept_id]
        if column < known:
            np.maximum(row[:known], credit * relatedness[:, column], out=row[:known])
        row[column] = max(row[column], credit)
    return row


def relatedness_matrix(vocabulary: Vocabulary) -> Matrix:
    """credit[a, b]: how much offering concept b answers a need for concept a."""
    ids = list(vocabulary.concepts)

    def credit(wanted: str, offered: str) -> float:
        distance = vocabulary.distance(wanted, offered)
        return RELATED_CREDIT.get(distance, 0.0) if distance is not None else 0.0

    return np.array([[credit(a, b) for b in ids] for a in ids]).reshape(len(ids), len(ids))


def _shares(sums: Matrix, totals: Matrix) -> Matrix:
    """Each row divided by its total; a row whose total is not positive left at zero."""
    positive = totals > 0
    np.divide(sums, totals[:, np.newaxis], out=sums, where=positive[:, np.newaxis])
    sums[~positive] = 0.0
    return sums


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


def _saturation(tf: int, norm: float) -> float:
    return min(1.0, tf * (_K1 + 1) / (tf + _K1 * norm))


def _idf_value(df: int, count: int) -> float:
    return math.log(1 + (count - df + 0.5) / (df + 0.5))


def _idf(df: NDArray[np.int64] | Matrix, count: int) -> Matrix:
    return np.log(1 + (count - df + 0.5) / (df + 0.5))

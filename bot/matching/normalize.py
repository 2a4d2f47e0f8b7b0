"""Free text -> vocabulary concepts, tolerant of abbreviations, spacing and typos."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching.vocabulary import Concept, Vocabulary, load_vocabulary, words_of

_MIN_TYPO_LENGTH = 7
_MAX_FUZZY_WORDS = 3
# A phrase written as different words than the alias ("ob gyn" for "obgyn") must be this long,
# so that stray letters ("g i") never join into a short abbreviation.
_MIN_JOINED_LENGTH = 5
_MISSING = object()


def allowed_typos(length: int) -> int:
    """How many edits (transpositions count once) a phrase of this many letters may carry."""
    if length < _MIN_TYPO_LENGTH:
        return 0
    if length < 10:
        return 1
    if length < 15:
        return 2
    return 3


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    length: int
    concept_id: str | None


class _Index:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.any_case: dict[str, tuple[set[int], str | None]] = {}
        self.exact_case: dict[tuple[str, ...], str | None] = {}
        typo_keys: dict[str, str] = {}
        for alias in vocabulary.aliases:
            if alias.case_sensitive:
                self.exact_case[alias.words] = alias.concept_id
            else:
                counts, _ = self.any_case.setdefault(alias.compact, (set(), alias.concept_id))
                counts.add(len(alias.words))
            if alias.typo_tolerant and alias.concept_id and len(alias.compact) >= _MIN_TYPO_LENGTH:
                typo_keys[alias.compact] = alias.concept_id
        self.typo_keys = list(typo_keys)
        self.typo_ids = list(typo_keys.values())
        self.max_words = max(len(alias.words) for alias in vocabulary.aliases)
        self._typo_cache: dict[str, tuple[str, int] | None] = {}
        self._near_lengths: dict[tuple[int, int], tuple[list[str], list[int]]] = {}
        # Texts share most of their phrases ("fellowship applications", "and the"): each
        # distinct phrase is read once.
        self.reading = lru_cache(maxsize=1 << 17)(self._reading)

    def exact(self, words: list[str]) -> str | object | None:
        compact = "".join(words).lower()
        hit = self.any_case.get(compact)
        if hit is not None:
            word_counts, concept_id = hit
            if len(words) in word_counts or len(compact) >= _MIN_JOINED_LENGTH:
                return concept_id
        return self.exact_case.get(tuple(words), _MISSING)

    def typo(self, compact: str) -> tuple[str, int] | None:
        if compact not in self._typo_cache:
            allowed = allowed_typos(len(compact))
            keys, positions = self._keys_near(len(compact), allowed)
            best = process.extractOne(compact, keys, scorer=OSA.distance, score_cutoff=allowed)
            self._typo_cache[compact] = (
                None if best is None else (self.typo_ids[positions[best[2]]], best[1])
            )
        return self._typo_cache[compact]

    def _keys_near(self, length: int, allowed: int) -> tuple[list[str], list[int]]:
        """The typo keys whose length is within `allowed` edits of `length`, in their order.

        No key of another length is that few edits away, and keeping the order keeps the
        first of equally close keys the one chosen.
        """
        near = self._near_lengths.get((length, allowed))
        if near is None:
            positions = [
                k for k, key in enumerate(self.typo_keys) if abs(len(key) - length) <= allowed
            ]
            near = ([self.typo_keys[k] for k in positions], positions)
            self._near_lengths[(length, allowed)] = near
        return near

    def _reading(self, phrase: tuple[str, ...]) -> tuple[float, int, str | None] | None:
        """How a phrase reads on its own: (cost, typos, concept id), None if it reads as nothing."""
        hit = self.exact(list(phrase))
        if hit is not _MISSING:
            return (-len(phrase), 0, hit if isinstance(hit, str) else None)
        if len(phrase) > _MAX_FUZZY_WORDS:
            return None
        typo = _typo_reading(self, [w.lower() for w in phrase])
        if typo is None:
            return None
        concept_id, distance = typo
        return (distance / 2 - len(phrase), distance, concept_id)


@cache
def _index_for(vocabulary: Vocabulary) -> _Index:
    return _Index(vocabulary)


def normalize(text: str, vocabulary: Vocabulary | None = None) -> list[Concept]:
    """The concepts a text mentions, each once, in order of first mention.

    Longer phrases win over shorter ones ("peds cards" is one concept, not two); a phrase may
    carry a few typos, but only phrases of 7+ letters, so short words and abbreviations
    ("me", "in", "ID", "GI") are only ever read exactly, and acronyms only as typed.
    """
    return list(_normalized(text, vocabulary or load_vocabulary()))


@lru_cache(maxsize=32768)
def _normalized(text: str, vocabulary: Vocabulary) -> tuple[Concept, ...]:
    # The same texts are read again and again: a profile's on every ranking, a goal by the
    # form and by the ranking.
    index = _index_for(vocabulary)
    seen: dict[str, Concept] = {}
    for span in sorted(_spans(index, words_of(text)), key=lambda s: s.start):
        if span.concept_id is not None and span.concept_id not in seen:
            seen[span.concept_id] = index.vocabulary.concept(span.concept_id)
    return tuple(seen.values())


def concept_ids(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """The ids of `normalize(text)`, for profiles that store concept ids."""
    return frozenset(concept.id for concept in normalize(text, vocabulary))


def _spans(index: _Index, words: list[str]) -> list[_Span]:
    """Exact and typo-tolerant readings compete; longer phrases win, each typo costs half a word."""
    candidates: list[tuple[float, int, int, int, str | None]] = []
    reading = index.reading
    for length in range(1, min(index.max_words, len(words)) + 1):
        for start in range(len(words) - length + 1):
            found = reading(tuple(words[start : start + length]))
            if found is not None:
                cost, distance, concept_id = found
                candidates.append((cost, distance, start, length, concept_id))
    taken = [False] * len(words)
    spans: list[_Span] = []
    for *_, start, length, concept_id in sorted(candidates):
        if not any(taken[start : start + length]):
            taken[start : start + length] = [True] * length
            spans.append(_Span(start, length, concept_id))
    return spans


def _typo_reading(index: _Index, phrase: list[str]) -> tuple[str, int] | None:
    stopwords = index.vocabulary.stopwords
    if phrase[0] in stopwords or phrase[-1] in stopwords or any(w.isdigit() for w in phrase):
        return None
    if len(phrase) == 1 and phrase[0] in index.vocabulary.not_typos:
        return None
    compact = "".join(phrase)
    if len(compact) < _MIN_TYPO_LENGTH:
        return None
    return index.typo(compact)

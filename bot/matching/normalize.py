"""Free text -> vocabulary concepts, tolerant of abbreviations, spacing and typos."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from functools import cache, lru_cache
from itertools import repeat
from operator import itemgetter
from typing import cast

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.matching.vocabulary import Concept, Vocabulary, load_vocabulary, words_of

_MIN_TYPO_LENGTH = 7
_MAX_FUZZY_WORDS = 3
# A phrase written as different words than the alias ("ob gyn" for "obgyn") must be this long,
# so that stray letters ("g i") never join into a short abbreviation.
_MIN_JOINED_LENGTH = 5
_MISSING = object()
# Phrases kept read; past this many the readings start afresh (a server reads texts forever).
_KEPT_READINGS = 1 << 18
# (cost, typos, concept id): how a phrase reads when nothing overlaps it.
_Reading = tuple[float, int, str | None]
# (cost, typos, start, length, concept id), sorted best first.
_Candidate = tuple[float, int, int, int, str | None]
# The runs of a text's words worth looking up, and where each starts.
_Placed = tuple[list[int], list[tuple[str, ...]]]


def allowed_typos(length: int) -> int:
    """How many edits (transpositions count once) a phrase of this many letters may carry."""
    if length < _MIN_TYPO_LENGTH:
        return 0
    if length < 10:
        return 1
    if length < 15:
        return 2
    return 3


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
        # What the first words of a phrase too long for typos must start, to be read at all.
        self.heads = {key[:end] for key in self.any_case for end in range(1, len(key) + 1)}
        self.case_heads = {key[: _MAX_FUZZY_WORDS + 1] for key in self.exact_case}
        self.case_firsts = {key[0] for key in self.exact_case}
        self.typo_ids = list(typo_keys.values())
        self.max_words = max(len(alias.words) for alias in vocabulary.aliases)
        self._typo_cache: dict[str, tuple[str, int] | None] = {}
        self._near_lengths: dict[tuple[int, int], tuple[list[str], list[int]]] = {}
        # Texts share most of their phrases ("fellowship applications", "and the"): each
        # distinct phrase is read once.
        self._readings: dict[tuple[str, ...], _Reading | None] = {}
        # What the texts `read_ahead` read name, until `normalize` asks for them.
        self.prepared: dict[str, tuple[Concept, ...]] = {}

    def exact(self, words: Sequence[str]) -> str | object | None:
        compact = "".join(words).lower()
        hit = self.any_case.get(compact)
        if hit is not None:
            word_counts, concept_id = hit
            if len(words) in word_counts or len(compact) >= _MIN_JOINED_LENGTH:
                return concept_id
        return self.exact_case.get(tuple(words), _MISSING)

    def typos(self, compacts: Iterable[str]) -> dict[str, tuple[str, int] | None]:
        """The closest typo key of each phrase within its allowed edits: one batch per length.

        Of equally close keys the first in vocabulary order wins, as a search one key at a
        time would pick.
        """
        found: dict[str, tuple[str, int] | None] = {}
        by_length: dict[int, list[str]] = defaultdict(list)
        for compact in compacts:
            cached = self._typo_cache.get(compact, _MISSING)
            if cached is _MISSING:
                by_length[len(compact)].append(compact)
            else:
                found[compact] = cast("tuple[str, int] | None", cached)
        for length, group in by_length.items():
            allowed = allowed_typos(length)
            keys, positions = self._keys_near(length, allowed)
            if not keys:
                found.update(dict.fromkeys(group))
                continue
            distances = process.cdist(group, keys, scorer=OSA.distance, score_cutoff=allowed)
            for compact, row, k in zip(group, distances, distances.argmin(axis=1), strict=True):
                distance = int(row[k])
                found[compact] = (
                    (self.typo_ids[positions[k]], distance) if distance <= allowed else None
                )
        self._typo_cache.update(found)
        return found

    def _keys_near(self, length: int, allowed: int) -> tuple[list[str], list[int]]:
        """The typo keys whose length is within `allowed` edits of `length`, in their order.

        No key of another length is that few edits away.
        """
        near = self._near_lengths.get((length, allowed))
        if near is None:
            positions = [
                k for k, key in enumerate(self.typo_keys) if abs(len(key) - length) <= allowed
            ]
            near = ([self.typo_keys[k] for k in positions], positions)
            self._near_lengths[(length, allowed)] = near
        return near

    def read(self, phrases: Collection[tuple[str, ...]]) -> dict[tuple[str, ...], _Reading | None]:
        """How each phrase reads on its own, None if it reads as nothing; kept for next time."""
        readings: dict[tuple[str, ...], _Reading | None] = {}
        unread = []
        for phrase in phrases:
            known = self._readings.get(phrase, _MISSING)
            if known is _MISSING:
                unread.append(phrase)
            else:
                readings[phrase] = cast("_Reading | None", known)
        exact = [self.exact(phrase) for phrase in unread]
        queries = [
            _typo_query(self.vocabulary, phrase) if hit is _MISSING else None
            for phrase, hit in zip(unread, exact, strict=True)
        ]
        typos = self.typos({query for query in queries if query is not None})
        fresh = {
            phrase: _reading_of(phrase, hit, None if query is None else typos[query])
            for phrase, hit, query in zip(unread, exact, queries, strict=True)
        }
        if len(self._readings) + len(fresh) > _KEPT_READINGS:
            self._readings.clear()
            self._typo_cache.clear()
        self._readings.update(fresh)
        readings.update(fresh)
        return readings

    @property
    def readings(self) -> Mapping[tuple[str, ...], _Reading | None]:
        """The phrases read so far and how they read."""
        return self._readings


def _reading_of(
    phrase: tuple[str, ...], hit: str | object | None, typo: tuple[str, int] | None
) -> _Reading | None:
    if hit is not _MISSING:
        return (-len(phrase), 0, hit if isinstance(hit, str) else None)
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
    concepts = index.prepared.pop(text, None)
    if concepts is not None:
        return concepts
    placed = _placed_phrases(index, words_of(text))
    phrases = placed[1]
    found = list(map(index.readings.get, phrases, repeat(_MISSING)))
    if _MISSING in found:
        fresh = index.read(set(phrases))
        found = list(map(fresh.__getitem__, phrases))
    return _concepts(index, _spans(placed, cast("list[_Reading | None]", found)))


def read_ahead(texts: Iterable[str], vocabulary: Vocabulary | None = None) -> None:
    """Prepare `normalize` for many texts at once, as a roster brings them.

    Their phrases are read in one pass and their typos looked up in a few batches, which
    costs a fraction of doing it text by text; `normalize` then finds the texts read.
    """
    index = _index_for(vocabulary or load_vocabulary())
    words = {text: words_of(text) for text in texts}
    phrases: set[tuple[str, ...]] = set()
    for text_words in words.values():
        for length in _short_lengths(index, text_words):
            phrases.update(_phrases(text_words, length))
        phrases.update(phrase for _, phrase in _long_phrases(index, text_words))
    # Every phrase of these texts is read now, and few read as anything: a text's phrases
    # that do are looked up only where a word starts one, at the lengths they have.
    hits = {phrase: found for phrase, found in index.read(phrases).items() if found is not None}
    lengths: dict[str, set[int]] = defaultdict(set)
    for phrase in hits:
        lengths[phrase[0]].add(len(phrase))
    prepared = index.prepared
    if len(prepared) + len(words) > _KEPT_READINGS:
        prepared.clear()
    for text, text_words in words.items():
        placed: _Placed = ([], [])
        read: list[_Reading | None] = []
        for start, word in enumerate(text_words):
            for length in lengths.get(word, ()):
                phrase = tuple(text_words[start : start + length])
                found = hits.get(phrase)
                if found is not None:
                    placed[0].append(start)
                    placed[1].append(phrase)
                    read.append(found)
        prepared[text] = _concepts(index, _spans(placed, read))


def concept_ids(text: str, vocabulary: Vocabulary | None = None) -> frozenset[str]:
    """The ids of `normalize(text)`, for profiles that store concept ids."""
    return frozenset(concept.id for concept in normalize(text, vocabulary))


def _spans(placed: _Placed, found: list[_Reading | None]) -> list[tuple[int, str | None]]:
    """(start, concept id) of the phrases read (`found`: how each reads), in text order.

    Exact and typo-tolerant readings compete; longer phrases win, each typo costs half a word.
    """
    starts, phrases = placed
    candidates: list[_Candidate] = [
        (reading[0], reading[1], start, len(phrase), reading[2])
        for start, phrase, reading in zip(starts, phrases, found, strict=True)
        if reading is not None
    ]
    taken: set[int] = set()
    spans: list[tuple[int, str | None]] = []
    for *_, start, length, concept_id in sorted(candidates):
        covered = range(start, start + length)
        if taken.isdisjoint(covered):
            taken.update(covered)
            spans.append((start, concept_id))
    return sorted(spans, key=itemgetter(0))


def _concepts(index: _Index, spans: list[tuple[int, str | None]]) -> tuple[Concept, ...]:
    seen: dict[str, Concept] = {}
    for _, concept_id in spans:
        if concept_id is not None and concept_id not in seen:
            seen[concept_id] = index.vocabulary.concept(concept_id)
    return tuple(seen.values())


def _placed_phrases(index: _Index, words: list[str]) -> _Placed:
    """Every phrase of a text that might read as something, and where each starts.

    Runs of up to `_MAX_FUZZY_WORDS` words may carry typos, so all are looked up; longer
    ones only when their first words start an alias.
    """
    starts: list[int] = []
    phrases: list[tuple[str, ...]] = []
    for length in _short_lengths(index, words):
        starts.extend(range(len(words) - length + 1))
        phrases.extend(_phrases(words, length))
    for start, phrase in _long_phrases(index, words):
        starts.append(start)
        phrases.append(phrase)
    return starts, phrases


def _short_lengths(index: _Index, words: list[str]) -> range:
    """The lengths of a text's phrases short enough to carry typos: all are looked up."""
    return range(1, min(_MAX_FUZZY_WORDS, index.max_words, len(words)) + 1)


def _long_phrases(index: _Index, words: list[str]) -> list[tuple[int, tuple[str, ...]]]:
    """(start, phrase) of the phrases too long for typos that might be read exactly.

    Any other phrase that long reads as nothing: its first words start no alias.
    """
    found = []
    head_length = _MAX_FUZZY_WORDS + 1
    starts: Iterable[int] = range(len(words) - _MAX_FUZZY_WORDS)
    if "".join(words).isascii():
        # A head an alias starts has a first word that starts one: most words start none.
        heads, case_firsts = index.heads, index.case_firsts
        starts = [k for k in starts if words[k].lower() in heads or words[k] in case_firsts]
    for start in starts:
        head = words[start : start + head_length]
        joined = "".join(head)
        # Lower case letter by letter equals lower case of the whole only in ASCII.
        ascii_unknown = joined.isascii() and joined.lower() not in index.heads
        if ascii_unknown and tuple(head) not in index.case_heads:
            continue
        for length in range(head_length, min(index.max_words, len(words) - start) + 1):
            found.append((start, tuple(words[start : start + length])))
    return found


def _phrases(words: list[str], length: int) -> Iterator[tuple[str, ...]]:
    """Every run of `length` consecutive words, by where it starts."""
    return zip(*[words[k:] for k in range(length)], strict=False)


def _typo_query(vocabulary: Vocabulary, phrase: tuple[str, ...]) -> str | None:
    """What to look up among the typo keys for a phrase read no other way, if anything."""
    if len(phrase) > _MAX_FUZZY_WORDS:
        return None
    lowered = [w.lower() for w in phrase]
    stopwords = vocabulary.stopwords
    if lowered[0] in stopwords or lowered[-1] in stopwords or any(w.isdigit() for w in lowered):
        return None
    if len(lowered) == 1 and lowered[0] in vocabulary.not_typos:
        return None
    compact = "".join(lowered)
    return compact if len(compact) >= _MIN_TYPO_LENGTH else None

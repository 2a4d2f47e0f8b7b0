"""How single words are read: British spellings as American ones, words that carry no subject,
and places in ICD-10-CM as comparable tokens.

Data: bot/data/british_spellings.tsv (each pair with the dictionaries that list it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple, cast

from rapidfuzz.distance import OSA

from bot.matching.normalize import allowed_typos

if TYPE_CHECKING:
    from bot.matching.terms import MedicalTerms

# Words that carry no subject in a mentoring request, beyond the vocabulary's stopwords.
FILLER = frozenset(
    [
        "interested",
        "interest",
        "learn",
        "learning",
        "want",
        "wanting",
        "someone",
        "anyone",
        "advice",
        "tips",
        "please",
        "thanks",
        "question",
        "questions",
        "know",
        "talk",
        "talking",
        "hi",
        "hello",
        "who",
        "whom",
        "would",
        "like",
        "love",
        "trying",
        "try",
        "think",
        "thinking",
        "doing",
        "do",
        "does",
        "did",
        "going",
        "go",
        "ask",
        "asking",
        "find",
        "finding",
        "maybe",
        "also",
    ]
)


@dataclass(frozen=True, slots=True)
class Spellings:
    """British spellings and the American ones the vocabulary and the terms are written in."""

    words: Mapping[str, str]
    parts: tuple[tuple[str, str], ...]

    def american(self, word: str) -> str:
        """A lower-case word in American spelling: "haematology" -> "hematology"."""
        found = self.words.get(word)
        if found is not None:
            return found
        for british, american in self.parts:
            if british in word:
                word = word.replace(british, american)
        return word


@cache
def load_spellings() -> Spellings:
    """The packaged spelling pairs, read once per process."""
    text = resources.files("bot.data").joinpath("british_spellings.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and line[0] != "#"]
    return Spellings(
        words={r[0]: r[1] for r in rows if r[2] == "word"},
        parts=tuple((r[0], r[1]) for r in rows if r[2] == "part"),
    )


def neighbourhoods(codes: Iterable[str]) -> tuple[str, ...]:
    """ICD-10-CM places: a category ("I63", cerebral infarction) and its run of ten categories,
    which mostly follows a block ("I6", cerebrovascular diseases). Conditions one mentor
    treats meet there: haemorrhage and stroke, iron deficiency and sickle cell."""
    found: dict[str, None] = {}
    for code in codes:
        category = code.split("-")[0][:3].upper()
        if len(category) == 3:
            found[category] = None
            found[category[:2]] = None
    return tuple(found)


class WordReading(NamedTuple):
    lowered: str
    stem: str | None
    icd: Mapping[str, float]
    # As typed, or in American spelling (lower case) when it was British: for the vocabulary.
    american: str
    places: tuple[str, ...]
    # The word as typed or as read starts a curated term.
    begins_term: bool


# Distinct words kept read; past this many they start afresh (a server reads texts forever).
_KEPT_WORDS = 1 << 16


def read_words(terms: MedicalTerms, words: list[str]) -> list[WordReading]:
    """Each word as read (see `read_word`), each distinct word read once per `terms`."""
    known = terms.words_read
    read = list(map(known.get, words))
    if None in read:
        if len(known) > _KEPT_WORDS:
            known.clear()
        for k, word in enumerate(words):
            if read[k] is None:
                read[k] = known[word] = read_word(terms, word)
    return cast("list[WordReading]", read)


# A neighbour expecting the word makes one typo safe to mend from this length on.
_MENDED_LENGTH = 4


def mend_typos_beside(terms: MedicalTerms, read: list[WordReading]) -> list[WordReading]:
    """Words too short to correct alone, read as the term word their neighbour expects
    ("cuada equina" as "cauda equina") when that is a typo away."""
    mended = read
    for k, word in enumerate(read):
        allowed = max(allowed_typos(len(word.lowered)), int(len(word.lowered) >= _MENDED_LENGTH))
        if allowed == 0 or terms.knows(word.lowered) or word.lowered in terms.stopwords:
            continue
        expected = set()
        if k + 1 < len(read):
            expected |= terms.before.get(read[k + 1].lowered, set())
        if k > 0:
            expected |= terms.after.get(read[k - 1].lowered, set())
        close = [(OSA.distance(word.lowered, e), e) for e in expected]
        best = min((pair for pair in close if pair[0] <= allowed), default=None)
        if best is not None:
            mended = mended if mended is not read else list(read)
            mended[k] = read_word(terms, best[1])
    return mended


def read_word(terms: MedicalTerms, word: str) -> WordReading:
    """A word as read: lower case with its typo corrected, its stem if it means anything, and
    the specialties ICD-10-CM titles with it point to."""
    american = terms.spellings.american(word.lower())
    lowered = terms.corrected(american)
    stem = terms.meaningful_stem(lowered)
    return WordReading(
        lowered,
        stem,
        terms.icd_evidence(lowered),
        word if american == word.lower() else american,
        terms.icd_places(lowered),
        word in terms.first_words
        or lowered in terms.first_words
        or stem in terms.first_stems
        or terms.begins_a_plural(word, lowered),
    )

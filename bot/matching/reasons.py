"""Why a mentor fits a need, in plain words: what they share, treat, or have close to it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache, partial

from bot.matching.readings import Sense
from bot.matching.relevance import RELATED_CREDIT
from bot.matching.views import MentorView, NeedView
from bot.matching.vocabulary import Vocabulary

# Credit from a mentor's own words at or above which a concept is said to be shared.
_SAID = 0.8
_MAX_WORDS = 3


def concept_reasons(
    vocabulary: Vocabulary, need: NeedView, mentor: MentorView, declared: Iterable[str]
) -> list[str]:
    """'both: ...', 'treats ...', 'close: ... for ...' and 'both mention: ...', as they apply."""
    offered = {c for c, credit in mentor.offered.items() if credit >= _SAID}
    said = partial(_words, vocabulary)
    shared = sorted(need.stated & offered, key=said)
    reasons = ["both: " + " · ".join(map(said, shared))] if shared else []
    treated = _treated(need, mentor)
    reasons.extend(treated)
    declared_known = [c for c in declared if c in vocabulary.concepts]
    for wanted in sorted(need.stated - offered, key=said):
        if wanted not in vocabulary.concepts:
            continue
        close = sorted(
            (d, o)
            for o in declared_known
            if (d := _distance(vocabulary, wanted, o)) is not None and d in RELATED_CREDIT
        )
        if close:
            reasons.append(f"close: {said(close[0][1])} for {said(wanted)}")
    if not reasons:
        words = _shared_words(need, mentor)
        if words:
            reasons.append("both mention: " + ", ".join(words))
    return reasons


# A cohort's reasons name the same few concepts thousands of times.
@lru_cache(maxsize=4096)
def _words(vocabulary: Vocabulary, concept_id: str) -> str:
    return vocabulary.words(concept_id)


@lru_cache(maxsize=65536)
def _distance(vocabulary: Vocabulary, first: str, second: str) -> int | None:
    return vocabulary.distance(first, second)


def _treated(need: NeedView, mentor: MentorView) -> list[str]:
    """Named conditions and procedures of the request that the mentor's profile names too."""
    stems = mentor.reading.stems
    found = [
        _phrase(sense)
        for sense in need.reading.senses
        if sense.clinical
        and (sense in mentor.reading.senses or (sense.stems and sense.stems <= stems.keys()))
    ]
    return list(dict.fromkeys(found))


def _phrase(sense: Sense) -> str:
    verb = "treats" if not sense.source.startswith("mesh:") else "experience with"
    return f"{verb} {sense.plain_words()}"


def _shared_words(need: NeedView, mentor: MentorView) -> list[str]:
    shared = [s for s in need.reading.stems if s in mentor.reading.stems]
    return [need.reading.surface[s] for s in shared[:_MAX_WORDS]]

"""What the ranking reads in a text: the senses of its terms, and what they point to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sense:
    """One meaning of a term from medical_terms.tsv."""

    term: str
    means: str
    specialties: tuple[str, ...]
    context: frozenset[str]
    source: str
    stems: frozenset[str] = frozenset()

    @property
    def clinical(self) -> bool:
        return bool(self.specialties)

    def plain_words(self) -> str:
        """How a reason names it: the term, spelled out when it is an abbreviation."""
        if self.means and self.term.lower() not in self.means.lower():
            if self.term.isupper() or len(self.term) <= 5:
                return f"{self.means} ({self.term})"
            return self.means
        return self.term


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An abbreviation whose sense nothing around it settled: shown as "did you mean"."""

    term: str
    chosen: str
    others: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text says, as the ranking reads it.

    stems: meaningful word stems, expansions of abbreviations included, with how often each
    occurs. for_concepts: the text for the concept vocabulary (a named condition of several
    words left out); spelled_out: what its abbreviations stand for.
    evidence: specialty id -> how strongly the named conditions and procedures point to it.
    surface: stem -> a word as written, for reasons people read.
    places: where in ICD-10-CM its curated conditions sit (see `wording.neighbourhoods`);
    title_places: where the ICD-10-CM titles with its other words sit, which place a request
    (its words name what it asks) but not a profile, whose words also sit in titles far from
    what its writer treats ("chemotherapy" in anemia due to chemotherapy).
    """

    stems: Mapping[str, int]
    for_concepts: str
    spelled_out: str
    evidence: Mapping[str, float]
    senses: tuple[Sense, ...]
    surface: Mapping[str, str]
    ambiguous: tuple[Ambiguity, ...] = ()
    places: frozenset[str] = frozenset()
    title_places: frozenset[str] = frozenset()

    @property
    def length(self) -> int:
        return sum(self.stems.values())

"""Tools and places of care named beside what is treated: where, not who."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.matching.normalize import normalize
from bot.matching.vocabulary import ConceptKind

if TYPE_CHECKING:
    from bot.matching.readings import Sense
    from bot.matching.terms import MedicalTerms

_PEDIATRICS = "pediatrics"


def settle_incidental(
    terms: MedicalTerms,
    senses: list[Sense],
    incidental: list[tuple[int, int, Sense]],
    texts: tuple[list[str], list[str]],
    spelled_out: list[str],
) -> frozenset[Sense]:
    """The tools and places a text names beside a condition or procedure, muted.

    "Optic neuritis on MRI" asks a neurologist and "a ruptured AAA in the ED" a vascular
    surgeon: there, the scanner and the room say where, not who. Alone ("shifts in the
    ED"), part of a field's name ("peds ED") or with a child ("a kid with a fracture in
    the ED" is pediatric emergency medicine's), they still say who.
    """
    if not incidental:
        return frozenset()
    words, for_concepts = texts
    named = (s for s in senses if s.clinical and s.source != "usage")
    beside_a_condition = any(s.term not in terms.incidental for s in named)
    beside_a_condition = beside_a_condition and not _names_children(terms, words, senses)
    muted = set()
    for start, end, sense in incidental:
        if beside_a_condition and not _names_a_specialty_with(terms, words, start, end):
            for_concepts[start:end] = [""] * (end - start)
            muted.add(sense)
        else:
            spelled_out.append(sense.means)
    return frozenset(muted)


def _names_children(terms: MedicalTerms, words: list[str], senses: list[Sense]) -> bool:
    if any(_PEDIATRICS in s.specialties for s in senses if s.source == "usage"):
        return True
    return any(c.id == _PEDIATRICS for c in normalize(" ".join(words), terms.vocabulary))


def _names_a_specialty_with(terms: MedicalTerms, words: list[str], start: int, end: int) -> bool:
    """Whether the word before a term makes a specialty's name of it ("peds ED")."""
    if start == 0:
        return False
    alone = {c.id for c in normalize(" ".join(words[start:end]), terms.vocabulary)}
    joined = normalize(" ".join(words[start - 1 : end]), terms.vocabulary)
    return any(c.kind is ConceptKind.SPECIALTY and c.id not in alone for c in joined)

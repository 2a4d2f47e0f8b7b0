"""How strongly the conditions, procedures and drugs a text names point to each specialty."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.matching.readings import Sense
    from bot.matching.terms import MedicalTerms
    from bot.matching.wording import WordReading

# Evidence from a word of an ICD-10-CM title is weaker than a curated term naming the condition.
ICD_EVIDENCE = 0.6
# A tool or place named beside a condition ("on MRI", "in the ED") still hints at who.
INCIDENTAL_EVIDENCE = 0.3
# Each term naming a specialty leaves it this much likelier: the field most of a request's
# terms point to leads (Crohn's and three biologics are gastroenterology's, not dermatology's).
_SENSE_SHARE = 0.7


def evidence_of(
    terms: MedicalTerms, read: list[WordReading], senses: list[Sense], muted: frozenset[Sense]
) -> dict[str, float]:
    """Specialty -> how strongly the conditions a text names point to it."""
    evidence: dict[str, float] = {}
    for icd in [w.icd for w in read if w.icd]:
        for specialty, share in icd.items():
            evidence[specialty] = max(evidence.get(specialty, 0.0), ICD_EVIDENCE * share)
    missing: dict[str, float] = {}
    for sense in dict.fromkeys(senses):
        if sense.source == "usage" and sense in terms.spelled_specialty:
            continue
        strength = (INCIDENTAL_EVIDENCE if sense in muted else 1.0) * _SENSE_SHARE
        for specialty in sense.specialties:
            missing[specialty] = missing.get(specialty, 1.0) * (1.0 - strength)
    if missing:
        most = 1.0 - min(missing.values())
        for specialty, left in missing.items():
            evidence[specialty] = max(evidence.get(specialty, 0.0), (1.0 - left) / most)
    return {s: v for s, v in evidence.items() if s in terms.vocabulary.concepts}

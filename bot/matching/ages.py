"""Patients' ages as trainees write them ("5yo", "3 mo old", "intubating a 26 wk"), read as
the child, teen, infant or preterm newborn they describe."""

from __future__ import annotations

import re

_AGE_YEARS = re.compile(
    r"\b(\d{1,2})\s*-?\s*(?:yo|y/o|y\.o\.?|(?:yrs?|years?)[\s-]*old)(?![a-z])", re.IGNORECASE
)
# "old" is required: "4mo rifampin" is a course, not a patient.
_AGE_MONTHS = re.compile(r"\b\d{1,2}\s*-?\s*(?:mo|mos|months?)[\s-]*old\b", re.IGNORECASE)
_AGE_DAYS = re.compile(r"\b\d{1,2}\s*-?\s*(?:d|days?)[\s-]*old\b", re.IGNORECASE)
# 22 to 36 weeks: born that early, a baby in the NICU; still pregnant, obstetrics' patient.
_GESTATION = re.compile(r"\b(?:2[2-9]|3[0-6])\s*-?\s*(?:wk|wks|weeks?)(?:ers?)?\b", re.IGNORECASE)
_PREGNANT = re.compile(
    r"pregnan|gestation|trimester|prenatal|antenatal|fetal|fetus|labou?r|contraction|"
    r"preeclampsia|eclampsia|previa|accreta|pprom|cervi|twins|\bmom\b|mother|\bG\d|\bIUP\b",
    re.IGNORECASE,
)
_ADULT = 18
_TEEN = 13


def ages_as_words(text: str) -> str:
    """`text` with each patient age a child's replaced by the word for that patient."""
    if not any(character.isdigit() for character in text):
        return text
    text = _AGE_YEARS.sub(_years_old, text)
    text = _AGE_MONTHS.sub(" infant ", text)
    text = _AGE_DAYS.sub(" newborn ", text)
    if not _PREGNANT.search(text):
        text = _GESTATION.sub(" preterm infant ", text)
    return text


def _years_old(match: re.Match[str]) -> str:
    years = int(match.group(1))
    if years >= _ADULT:
        return match.group(0)
    return " teen " if years >= _TEEN else " pediatric patient "

"""Chart shorthand spelled out before a text is read ("movement d/o", "wrist fx", "bone mets"),
so the words around it make the phrase they belong to."""

from __future__ import annotations

import re

# Only shorthand with one meaning in a trainee's request; "tx" (treatment or transplant) and
# "sx" (symptoms or surgery) are left to the terms that know their neighbours ("heart tx").
_SPELLED_OUT = {
    "d/o": "disorder",
    "d/os": "disorders",
    "dz": "disease",
    "fx": "fracture",
    "fxs": "fractures",
    "bx": "biopsy",
    "bxs": "biopsies",
    "mets": "metastases",
    "abx": "antibiotics",
}
_SHORTHAND = re.compile(
    r"(?<![\w/])(" + "|".join(re.escape(k) for k in _SPELLED_OUT) + r")(?![\w/])", re.IGNORECASE
)
# Gravida and para ("G2P1"): the patient is pregnant or has been.
_OBSTETRIC_HISTORY = re.compile(r"\bG\d{1,2}\s?P\d{1,4}\b")


def spell_out_shorthand(text: str) -> str:
    """`text` with unambiguous chart shorthand replaced by the words it stands for."""
    text = _OBSTETRIC_HISTORY.sub("obstetric patient", text)
    return _SHORTHAND.sub(lambda match: _SPELLED_OUT[match.group(1).lower()], text)

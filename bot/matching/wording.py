"""How single words are read: British spellings as American ones, words that carry no subject,
and places in ICD-10-CM as comparable tokens.

Data: bot/data/british_spellings.tsv (each pair with the dictionaries that list it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

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

"""The curated vocabulary of specialties and mentoring topics (data in bot/data/vocabulary.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

_WORD = re.compile(r"[^\W_]+")
# libyaml's safe loader reads the same documents as PyYAML's pure-Python one, about ten
# times faster; PyYAML built without libyaml has only the latter.
SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class ConceptKind(StrEnum):
    SPECIALTY = "specialty"
    TOPIC = "topic"


@dataclass(frozen=True, slots=True)
class Concept:
    """One specialty or mentoring topic. A subspecialty names its parent specialty."""

    id: str
    label: str
    kind: ConceptKind
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """A way people write a concept. concept_id None means "consume these words, mean nothing"."""

    concept_id: str | None
    words: tuple[str, ...]
    case_sensitive: bool
    typo_tolerant: bool

    @property
    def compact(self) -> str:
        return "".join(self.words)


class VocabularyError(ValueError):
    pass


def words_of(text: str) -> list[str]:
    """Split text into words the way aliases are split: punctuation and spacing never matter."""
    return _WORD.findall(text)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """All concepts and their aliases; see `load_vocabulary` and `Vocabulary.from_mapping`."""

    concepts: Mapping[str, Concept]
    aliases: tuple[Alias, ...]
    stopwords: frozenset[str]
    not_typos: frozenset[str]

    def concept(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def label_of(self, text: str) -> str:
        """A concept's label when ``text`` is its id; any other text as it was typed."""
        concept = self.concepts.get(text)
        return concept.label if concept else text

    def words(self, concept_id: str) -> str:
        """A concept as it reads inside a sentence ("pediatric cardiology", "QI projects")."""
        concept = self.concepts.get(concept_id)
        label = concept.label if concept else concept_id.replace("_", " ")
        if len(label) > 1 and label[1].isupper():
            return label
        return label[:1].lower() + label[1:]

    def lineage(self, concept_id: str) -> tuple[str, ...]:
        """The concept followed by its parent, grandparent, ..."""
        chain = [concept_id]
        parent = self.concepts[concept_id].parent
        while parent is not None:
            chain.append(parent)
            parent = self.concepts[parent].parent
        return tuple(chain)

    def distance(self, first: str, second: str) -> int | None:
        """Steps between two concepts through their closest shared ancestor, None if unrelated."""
        first_chain = self.lineage(first)
        second_chain = self.lineage(second)
        for steps_up, ancestor in enumerate(first_chain):
            if ancestor in second_chain:
                return steps_up + second_chain.index(ancestor)
        return None

    @property
    def specialties(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts.values() if c.kind is ConceptKind.SPECIALTY)

    @property
    def topics(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts.values() if c.kind is ConceptKind.TOPIC)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        """Build and validate a vocabulary from the parsed YAML document."""
        concepts: dict[str, Concept] = {}
        aliases: list[Alias] = []
        for kind, section in (
            (ConceptKind.SPECIALTY, "specialties"),
            (ConceptKind.TOPIC, "topics"),
        ):
            for entry in data.get(section) or []:
                concept = Concept(
                    id=str(entry["id"]),
                    label=str(entry["label"]),
                    kind=kind,
                    parent=entry.get("parent"),
                )
                if concept.id in concepts:
                    raise VocabularyError(f"duplicate concept id {concept.id!r}")
                concepts[concept.id] = concept
                aliases.extend(_aliases_of(concept, entry))
        for phrase in data.get("ignore_phrases") or []:
            aliases.append(Alias(None, _lowered_words(str(phrase)), False, False))
        _check_parents(concepts)
        _check_alias_conflicts(aliases)
        return cls(
            concepts=concepts,
            aliases=tuple(aliases),
            stopwords=frozenset(str(w).lower() for w in data.get("stopwords") or []),
            not_typos=frozenset(str(w).lower() for w in data.get("not_typos") or []),
        )


def _lowered_words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in words_of(text))


def _aliases_of(concept: Concept, entry: Mapping[str, Any]) -> Iterable[Alias]:
    yield Alias(concept.id, _lowered_words(concept.label), False, True)
    yield Alias(concept.id, _lowered_words(concept.id.replace("_", " ")), False, True)
    for synonym in entry.get("synonyms") or []:
        yield Alias(concept.id, _lowered_words(str(synonym)), False, True)
    for abbreviation in entry.get("abbreviations") or []:
        yield Alias(concept.id, _lowered_words(str(abbreviation)), False, False)
    for acronym in entry.get("acronyms") or []:
        yield Alias(concept.id, tuple(words_of(str(acronym))), True, False)


def _check_parents(concepts: Mapping[str, Concept]) -> None:
    for concept in concepts.values():
        seen = {concept.id}
        parent = concept.parent
        while parent is not None:
            if parent not in concepts:
                raise VocabularyError(f"{concept.id!r} names unknown parent {parent!r}")
            if concepts[parent].kind is not ConceptKind.SPECIALTY:
                raise VocabularyError(f"{concept.id!r} has a parent that is not a specialty")
            if parent in seen:
                raise VocabularyError(f"parent cycle through {parent!r}")
            seen.add(parent)
            parent = concepts[parent].parent


def _check_alias_conflicts(aliases: Iterable[Alias]) -> None:
    owner: dict[tuple[bool, str], str | None] = {}
    for alias in aliases:
        if not alias.words:
            raise VocabularyError(f"empty alias for {alias.concept_id!r}")
        key = (alias.case_sensitive, alias.compact)
        if key in owner and owner[key] != alias.concept_id:
            raise VocabularyError(
                f"alias {alias.compact!r} means both {owner[key]!r} and {alias.concept_id!r}"
            )
        owner[key] = alias.concept_id


@cache
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary, read and validated once per process."""
    text = resources.files("bot.data").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return Vocabulary.from_mapping(yaml.load(text, Loader=SAFE_LOADER))

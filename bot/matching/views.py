"""A need and a mentor as the ranking reads them: weighted concepts, credited offers, words.

A need's concepts are weighted by kind (a specialty or a named condition says more than a
generic topic) and composed ("peds" with an adult specialty asks its children's counterpart). A
mentor's credit comes from what they declare first and what their own words suggest second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.readings import Reading
from bot.matching.terms import MedicalTerms
from bot.matching.vocabulary import Concept, ConceptKind, Vocabulary

# What a mentor declares counts fully; what their free text suggests counts less, and a specialty
# their text suggests beside a different declared one hardly at all (a urologist writing "minimally
# invasive surgery" is not a general surgeon).
_READ_CREDIT = 0.8
_READ_BESIDE_DECLARED = 0.25
_EVIDENCE_CREDIT = 0.5
_EVIDENCE_BESIDE_DECLARED = 0.2
# A specialty or a named condition says more about the right mentor than a generic topic.
_KIND_WEIGHT = {ConceptKind.SPECIALTY: 1.0, ConceptKind.TOPIC: 0.5}
_CONDITION_WEIGHT = 0.8
_TOPIC_BESIDE_SPECIALTY = 0.6
# Topics about getting into or working in a field, which the field beside them names
# ("cardiology fellowship"); other topics are the ask itself ("sim for OB hemorrhage").
_GETTING_INTO_A_FIELD = frozenset(
    {
        "fellowship_applications",
        "residency_applications",
        "board_preparation",
        "job_search",
        "academic_vs_private_practice",
        "career_planning",
        "procedures",
    }
)
_UNKNOWN_WEIGHT = 0.5
_PEDIATRICS = "pediatrics"
_ADULT = "adult"
_PEDIATRIC_FOR_AN_ADULT = 0.3
# Children's counterparts whose names do not follow "Pediatric <adult label>": "kids in the
# ICU" asks pediatric critical care, "psychiatry for kids" child and adolescent psychiatry.
_PEDIATRIC_COUNTERPARTS = {
    "pulmonary_critical_care": "pediatric_critical_care",
    "psychiatry": "child_psychiatry",
}
# What is left of "pediatric" and of the adult specialty once read together as one subspecialty.
_COMPOSED_PART = 0.5
# Evidence this strong comes from a curated term naming the condition, not a title word.
_NAMED_CONDITION = 0.7


@dataclass(frozen=True, slots=True)
class NeedView:
    """A need as the ranking reads it: weighted concepts and the stems of its words."""

    concepts: Mapping[str, float]
    stated: frozenset[str]
    reading: Reading


@dataclass(frozen=True, slots=True)
class MentorView:
    """A mentor as the ranking reads them: credit per concept (declared first) and their words."""

    offered: Mapping[str, float]
    reading: Reading


class Reader:
    """Builds need and mentor views, caching what depends only on the text."""

    def __init__(self, vocabulary: Vocabulary, terms: MedicalTerms) -> None:
        self.vocabulary = vocabulary
        self.terms = terms
        self.need_view = lru_cache(maxsize=16384)(self._need_view)
        by_label = {c.label.lower(): c.id for c in vocabulary.specialties}
        # "childhood cancer" asks pediatric hematology/oncology, not adult oncology.
        self._pediatric = {
            c.id: by_label[f"pediatric {c.label.lower()}"]
            for c in vocabulary.specialties
            if f"pediatric {c.label.lower()}" in by_label
        }
        self._pediatric.update(
            (adult, child)
            for adult, child in _PEDIATRIC_COUNTERPARTS.items()
            if adult in vocabulary.concepts and child in vocabulary.concepts
        )
        self.mentor_view = lru_cache(maxsize=16384)(self._mentor_view)
        self._distance = lru_cache(maxsize=65536)(vocabulary.distance)

    def _kind_weight(self, concept_id: str) -> float:
        concept = self.vocabulary.concepts.get(concept_id)
        return _KIND_WEIGHT[concept.kind] if concept else _UNKNOWN_WEIGHT

    def _concepts(self, reading: Reading) -> list[Concept]:
        return self.terms.concepts_of(reading)

    def _need_view(self, goal: str, stated: frozenset[str]) -> NeedView:
        reading = self.terms.read(goal)
        read = {c.id for c in self._concepts(reading)}
        # In a fixed order: the weights are summed in this order, and a set's order changes
        # from one process to the next, which moved fits by a rounding error and broke ties.
        weights = {c: self._kind_weight(c) for c in sorted(stated | read)}
        for specialty, strength in reading.evidence.items():
            weights[specialty] = max(weights.get(specialty, 0.0), _CONDITION_WEIGHT * strength)
        if _PEDIATRICS in weights:
            self._compose_pediatric(weights, reading.evidence)
        if _ADULT in reading.stems:
            # "Sickle cell in an adult": not the pediatric hematologist who also treats it.
            for concept_id in weights:
                if concept_id == _PEDIATRICS or self._parent(concept_id) == _PEDIATRICS:
                    weights[concept_id] *= _PEDIATRIC_FOR_AN_ADULT
        if any(self._is_specialty(c) for c in weights):
            # "Cardiology fellowship" asks a cardiologist: such a topic beside a named field is
            # how to get into it, which someone in another field answers less well.
            for concept_id in weights:
                if not self._is_specialty(concept_id) and concept_id in _GETTING_INTO_A_FIELD:
                    weights[concept_id] *= _TOPIC_BESIDE_SPECIALTY
        return NeedView(weights, frozenset(stated | read), reading)

    def _compose_pediatric(self, weights: dict[str, float], evidence: Mapping[str, float]) -> None:
        """Children beside an adult field ask its children's counterpart ("kids in the ICU").

        A condition of a field without one outweighs the child's age: a 15-year-old with
        Marfan syndrome asks the geneticist, who sees children too.
        """
        for adult, pediatric in list(self._pediatric.items()):
            if adult in weights:
                weights[pediatric] = max(weights.get(pediatric, 0.0), weights[adult])
                weights[adult] *= _COMPOSED_PART
                weights[_PEDIATRICS] *= _COMPOSED_PART
        if any(
            strength >= _NAMED_CONDITION
            and specialty not in self._pediatric
            and _PEDIATRICS not in (specialty, self._parent(specialty))
            for specialty, strength in evidence.items()
        ):
            weights[_PEDIATRICS] *= _COMPOSED_PART

    def _parent(self, concept_id: str) -> str | None:
        concept = self.vocabulary.concepts.get(concept_id)
        return concept.parent if concept else None

    def _is_specialty(self, concept_id: str) -> bool:
        concept = self.vocabulary.concepts.get(concept_id)
        return concept is not None and concept.kind is ConceptKind.SPECIALTY

    def _mentor_view(
        self, specialties: frozenset[str], topics: frozenset[str], help_text: str
    ) -> MentorView:
        reading = self.terms.read(help_text)
        offered = dict.fromkeys(specialties | topics, 1.0)
        declared = [s for s in specialties if s in self.vocabulary.concepts]

        def credit(concept_id: str, alone: float, beside: float) -> float:
            if not declared or self.vocabulary.concepts[concept_id].kind is ConceptKind.TOPIC:
                return alone
            close = any(
                (d := self._distance(concept_id, s)) is not None and d <= 1 for s in declared
            )
            return alone if close else beside

        for concept in self._concepts(reading):
            value = credit(concept.id, _READ_CREDIT, _READ_BESIDE_DECLARED)
            offered[concept.id] = max(offered.get(concept.id, 0.0), value)
        for specialty, strength in reading.evidence.items():
            value = strength * credit(specialty, _EVIDENCE_CREDIT, _EVIDENCE_BESIDE_DECLARED)
            offered[specialty] = max(offered.get(specialty, 0.0), value)
        return MentorView(offered, reading)

    def need(self, need: MenteeNeed) -> NeedView:
        return self.need_view(need.goal, need.concepts)

    def mentor(self, mentor: MentorProfile) -> MentorView:
        return self.mentor_view(mentor.specialties, mentor.topics, mentor.help_text)

"""What the matching engine knows about a mentor and about a mentee's need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.career import CareerStage


class DepartmentPreference(StrEnum):
    PREFER = "prefer"
    AVOID = "avoid"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class MentorProfile:
    """A colleague who offers help.

    specialties and topics are vocabulary concept ids. paused_until is the first day the
    mentor is available again (paused on every earlier day).
    """

    person_id: str
    specialties: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    help_text: str = ""
    career_stage: CareerStage = CareerStage.ATTENDING
    # False when the stage above is only assumed (no profile says it): it still ranks, but
    # no reason a person reads may state it.
    stage_given: bool = True
    capacity: int = 1
    active_mentees: int = 0
    chats_per_month: int = 1
    paused_until: date | None = None
    never_pair: frozenset[str] = frozenset()
    department: str | None = None
    languages: frozenset[str] = frozenset()

    @property
    def expertise(self) -> frozenset[str]:
        return self.specialties | self.topics

    @property
    def free_slots(self) -> int:
        return max(self.capacity - self.active_mentees, 0)


@dataclass(frozen=True, slots=True)
class MenteeNeed:
    """A mentee's request, in their own words plus the concepts read from them."""

    person_id: str
    goal: str = ""
    topics: frozenset[str] = frozenset()
    specialty: str | None = None
    career_stage: CareerStage = CareerStage.PGY1
    stage_given: bool = True
    never_pair: frozenset[str] = frozenset()
    department: str | None = None
    department_preference: DepartmentPreference = DepartmentPreference.NONE
    languages: frozenset[str] = frozenset()

    @property
    def concepts(self) -> frozenset[str]:
        return self.topics | {self.specialty} if self.specialty else self.topics

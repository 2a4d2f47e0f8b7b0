"""Career stages, ordered from most junior to most senior."""

from enum import StrEnum


class CareerStage(StrEnum):
    STUDENT = "student"
    PGY1 = "pgy1"
    PGY2 = "pgy2"
    PGY3 = "pgy3"
    PGY4 = "pgy4"
    PGY5 = "pgy5"
    PGY6 = "pgy6"
    PGY7 = "pgy7"
    FELLOW = "fellow"
    EARLY_ATTENDING = "early_attending"
    ATTENDING = "attending"
    FACULTY = "faculty"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def level(self) -> int:
        """Coarse level for cross-level pairing: 0 student, 1 resident or fellow, 2 attending."""
        if self is CareerStage.STUDENT:
            return 0
        if self.rank <= CareerStage.FELLOW.rank:
            return 1
        return 2


_RANKS = {stage: rank for rank, stage in enumerate(CareerStage)}
_LABELS = {
    CareerStage.STUDENT: "Medical student",
    **{CareerStage(f"pgy{n}"): f"PGY-{n}" for n in range(1, 8)},
    CareerStage.FELLOW: "Fellow",
    CareerStage.EARLY_ATTENDING: "Early-career attending",
    CareerStage.ATTENDING: "Attending",
    CareerStage.FACULTY: "Faculty",
}

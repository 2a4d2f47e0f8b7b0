"""Plain data exchanged with the coffee-chat pairing engine."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

PairingMode = Literal["anyone", "cross_level", "cross_specialty"]
PAIRING_MODES: tuple[PairingMode, ...] = ("anyone", "cross_level", "cross_specialty")

Repeat = tuple[str, str, int]
"""Two person ids (sorted) that meet again, and the round in which they last met."""


@dataclass(frozen=True)
class Member:
    """A channel member who can be paired this round.

    ``level`` follows ``bot.career.CareerStage.level`` (0 student, 1 resident or fellow,
    2 attending). ``never_pair`` lists person ids this member must never be grouped with;
    the rule holds whichever of the two listed the other.
    """

    person_id: str
    level: int = 1
    is_mentor: bool = False
    specialty: str | None = None
    topics: frozenset[str] = frozenset()
    never_pair: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PastRound:
    """One finished round: its number and the groups it made, as person ids."""

    number: int
    groups: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PairingRequest:
    """Everything the engine needs to pair one round.

    ``history`` is ordered oldest first. Pairs that met in one of the last ``window`` rounds
    (by round number, counting back from the round after the newest one in ``history``)
    should not meet again. ``excluded`` holds people paused or skipping this round.
    """

    members: Sequence[Member]
    history: Sequence[PastRound] = ()
    group_size: int = 2
    mode: PairingMode = "anyone"
    window: int = 12
    seed: int = 0
    excluded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Group:
    """People introduced to each other. ``mentor_id`` is set in cross-level rounds only."""

    person_ids: tuple[str, ...]
    mentor_id: str | None = None


@dataclass(frozen=True)
class Unplaced:
    """Someone who could not be put in any group this round, and why."""

    person_id: str
    reason: str


@dataclass(frozen=True)
class RoundFigures:
    """Counts describing one round's pairing, for logs and organiser summaries."""

    members_available: int
    excluded: int
    groups: int
    group_sizes: tuple[tuple[int, int], ...]
    """(size, how many groups of that size), smallest size first."""
    repeats: int
    unplaced: int
    same_specialty_groups: int
    mentor_led_groups: int
    groups_without_mentor: int


@dataclass(frozen=True)
class PairingResult:
    """The groups for one round, the repeats they contain and who could not be placed."""

    groups: tuple[Group, ...]
    repeats: tuple[Repeat, ...]
    figures: RoundFigures
    unplaced: tuple[Unplaced, ...] = field(default=())

"""Plain data for speed-mentoring events: who comes, what was planned, how good the plan is.

Rounds are numbered from 1, as announced in the room.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True)
class Expert:
    """An expert hosting a table on one topic; absent_rounds lists rounds they miss."""

    expert_id: str
    name: str
    topic: str
    table: str
    absent_rounds: frozenset[int] = field(default_factory=frozenset)

    def present_in(self, round_number: int) -> bool:
        return round_number not in self.absent_rounds


@dataclass(frozen=True)
class Mentee:
    """A mentee with topics ranked best first."""

    mentee_id: str
    name: str
    ranked_topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventSpec:
    """How many rounds, and the smallest and largest group allowed at a table."""

    rounds: int
    table_min: int
    table_max: int

    def __post_init__(self) -> None:
        if self.rounds < 1:
            raise ValueError(f"an event needs at least one round, got {self.rounds}")
        if not 1 <= self.table_min <= self.table_max:
            raise ValueError(
                f"table sizes need 1 <= table_min <= table_max, "
                f"got {self.table_min}..{self.table_max}"
            )

    @property
    def round_numbers(self) -> range:
        return range(1, self.rounds + 1)


@dataclass(frozen=True)
class TableSeating:
    """One expert's table in one round."""

    round_number: int
    expert_id: str
    table: str
    topic: str
    mentee_ids: tuple[str, ...]


@dataclass(frozen=True)
class RoundSeating:
    """Everything that happens in one round.

    closed_expert_ids are present experts without a group this round (too few mentees to
    open every table at table_min); free_mentee_ids are participants on a free round.
    """

    round_number: int
    tables: tuple[TableSeating, ...]
    closed_expert_ids: tuple[str, ...] = ()
    free_mentee_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class WaitlistEntry:
    mentee_id: str
    reason: str


class StopKind(StrEnum):
    SEATED = "seated"
    FREE_ROUND = "free round"
    NOT_ATTENDING = "not attending"


@dataclass(frozen=True)
class ItineraryStop:
    round_number: int
    kind: StopKind
    expert_id: str | None = None
    table: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Itinerary:
    """A participant's rounds; target is the number of different experts planned for them."""

    mentee_id: str
    target: int
    stops: tuple[ItineraryStop, ...]

    @property
    def meetings(self) -> int:
        return sum(stop.kind is StopKind.SEATED for stop in self.stops)


@dataclass(frozen=True)
class TableSizeRange:
    round_number: int
    smallest: int
    largest: int


@dataclass(frozen=True)
class PlanFigures:
    """How good a plan is.

    Preference points: a meeting on the mentee's rank-k topic is worth (6 - k) points for
    k <= 5 and nothing otherwise, divided by how many times that mentee has met the topic
    (1 for the first meeting on it, 1/2 for the second, ...), so variety counts.
    preference_bound is the optimum of those points ignoring mixing, round timing and
    table balance: no plan can score more.
    """

    preference_points: float
    preference_bound: float
    meetings_by_rank: tuple[int, ...]
    table_sizes: tuple[TableSizeRange, ...]
    repeated_mentee_pairs: int
    expert_repeats: int
    meetings_short: int
    participants: int
    waitlisted: int

    @property
    def preference_ratio(self) -> float:
        if self.preference_bound <= 0:
            return 1.0
        return self.preference_points / self.preference_bound


@dataclass(frozen=True)
class Plan:
    """A full rotation schedule with its waitlist, itineraries and figures."""

    spec: EventSpec
    experts: tuple[Expert, ...]
    mentees: tuple[Mentee, ...]
    rounds: tuple[RoundSeating, ...]
    waitlist: tuple[WaitlistEntry, ...]
    itineraries: tuple[Itinerary, ...]
    figures: PlanFigures
    seed: int = 0

    def seats(self) -> dict[int, dict[str, tuple[str, ...]]]:
        """Round number -> expert id -> mentee ids at that expert's table."""
        return {
            seating.round_number: {table.expert_id: table.mentee_ids for table in seating.tables}
            for seating in self.rounds
        }

    def itinerary(self, mentee_id: str) -> Itinerary:
        for itinerary in self.itineraries:
            if itinerary.mentee_id == mentee_id:
                return itinerary
        raise KeyError(mentee_id)


@dataclass(frozen=True)
class SeatChange:
    """A mentee's seat in one round before and after a re-plan (None: not at a table)."""

    mentee_id: str
    round_number: int
    old_expert_id: str | None
    new_expert_id: str | None


@dataclass(frozen=True)
class Replan:
    """A repaired plan and exactly who has to be told about it."""

    plan: Plan
    from_round: int
    changes: tuple[SeatChange, ...]
    mentees_to_notify: tuple[str, ...]
    experts_to_notify: tuple[str, ...]

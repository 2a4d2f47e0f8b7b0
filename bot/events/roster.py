"""Index view of an event: experts, participants and what each participant likes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bot.events.model import EventSpec, Expert
from bot.events.scoring import rank_points, ranks_by_topic, topic_key

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

UNSEATED = -1
# In a previous plan: a mentee who was not a participant at all in that round.
NOT_PLANNED = -2


@dataclass(frozen=True)
class Roster:
    """Index view of an event: experts, participants and what each participant likes."""

    spec: EventSpec
    experts: tuple[Expert, ...]
    participant_ids: tuple[str, ...]
    base_points: IntArray  # participant x topic
    expert_topic: IntArray  # expert -> topic index
    present: BoolArray  # round index x expert
    attending: BoolArray  # round index x participant
    targets: IntArray  # participant -> experts to meet over the event


def build_roster(
    spec: EventSpec,
    experts: Sequence[Expert],
    participants: Sequence[tuple[str, tuple[str, ...]]],
    attending: BoolArray,
    targets: Sequence[int],
) -> Roster:
    topic_index: dict[str, int] = {}
    for expert in experts:
        topic_index.setdefault(topic_key(expert.topic), len(topic_index))
    base_points = np.zeros((len(participants), max(1, len(topic_index))), dtype=np.int64)
    for row, (_, ranked_topics) in enumerate(participants):
        for topic, rank in ranks_by_topic(ranked_topics).items():
            if topic in topic_index:
                base_points[row, topic_index[topic]] = rank_points(rank)
    present = np.array(
        [[expert.present_in(r) for expert in experts] for r in spec.round_numbers],
        dtype=np.bool_,
    ).reshape(spec.rounds, len(experts))
    return Roster(
        spec=spec,
        experts=tuple(experts),
        participant_ids=tuple(mentee_id for mentee_id, _ in participants),
        base_points=base_points,
        expert_topic=np.array(
            [topic_index[topic_key(expert.topic)] for expert in experts], dtype=np.int64
        ),
        present=present,
        attending=attending,
        targets=np.array(targets, dtype=np.int64),
    )


def most_distinct_experts(present: BoolArray) -> int:
    """How many different experts one person can meet, one per round (bipartite matching)."""
    rounds, experts = present.shape
    expert_round = [-1] * experts

    def augment(round_index: int, seen: set[int]) -> bool:
        for expert in np.flatnonzero(present[round_index]).tolist():
            if expert in seen:
                continue
            seen.add(expert)
            if expert_round[expert] < 0 or augment(expert_round[expert], seen):
                expert_round[expert] = round_index
                return True
        return False

    return sum(augment(round_index, set()) for round_index in range(rounds))

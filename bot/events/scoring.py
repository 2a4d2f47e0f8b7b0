"""Preference points shared by the planner, its bound and the figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from bot.events.roster import Roster

TOP_POINTS = 5
# 840 = lcm(1..8): the diminishing factor 1/j stays an exact integer for up to 8 repeats.
SCALE = 840
FULL_COST = TOP_POINTS * SCALE


def topic_key(topic: str) -> str:
    return " ".join(topic.casefold().split())


def rank_points(rank: int | None) -> int:
    """Points for a first meeting on a topic of this rank (1 = favourite); None: unranked."""
    if rank is None or rank > TOP_POINTS:
        return 0
    return TOP_POINTS + 1 - rank


def ranks_by_topic(ranked_topics: Iterable[str]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for position, topic in enumerate(ranked_topics, start=1):
        ranks.setdefault(topic_key(topic), position)
    return ranks


def harmonic(rounds: int) -> npt.NDArray[np.float64]:
    """harmonic[j] = 1 + 1/2 + ... + 1/j: the points factor of meeting one topic j times."""
    return np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, rounds + 1))])


def preference_points(roster: Roster, topic_count: npt.NDArray[np.int64]) -> float:
    """Points earned when each participant met each topic topic_count times."""
    return float((roster.base_points * harmonic(roster.spec.rounds)[topic_count]).sum())

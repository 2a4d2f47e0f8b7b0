"""Preference points shared by the planner, its bound and the figures."""

from __future__ import annotations

from collections.abc import Iterable

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

"""Random and hand-made events for the planner tests."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from bot.events import EventSpec, Expert, Mentee, Plan, StopKind

TOPICS = ("cardiology", "ICU", "surgery", "research", "wellness")


@st.composite
def events(draw: st.DrawFn) -> tuple[list[Expert], list[Mentee], EventSpec]:
    rounds = draw(st.integers(1, 5))
    table_min = draw(st.integers(1, 3))
    table_max = draw(st.integers(table_min, table_min + 3))
    expert_count = draw(st.integers(1, 7))
    experts = [
        Expert(
            expert_id=f"e{index}",
            name=f"Dr {index}",
            topic=draw(st.sampled_from(TOPICS)),
            table=f"T{index}",
            absent_rounds=frozenset(
                draw(st.sets(st.integers(1, rounds), max_size=rounds if index else 0))
            ),
        )
        for index in range(expert_count)
    ]
    mentee_count = draw(st.integers(0, 30))
    mentees = [
        Mentee(
            mentee_id=f"m{index}",
            name=f"Mentee {index}",
            ranked_topics=tuple(draw(st.permutations(TOPICS)))[: draw(st.integers(0, 5))],
        )
        for index in range(mentee_count)
    ]
    return experts, mentees, EventSpec(rounds, table_min, table_max)


def skewed_event(
    mentee_count: int, expert_count: int, rounds: int, seed: int = 1
) -> tuple[list[Expert], list[Mentee]]:
    rng = random.Random(seed)
    topics = [f"topic {index}" for index in range(max(1, expert_count // 4))]
    weights = [1 / (rank + 1) for rank in range(len(topics))]
    experts = [
        Expert(f"e{index}", f"Dr {index}", topics[index % len(topics)], f"T{index}")
        for index in range(expert_count)
    ]
    mentees = []
    for index in range(mentee_count):
        ranked: list[str] = []
        while len(ranked) < min(4, len(topics)):
            topic = rng.choices(topics, weights)[0]
            if topic not in ranked:
                ranked.append(topic)
        mentees.append(Mentee(f"m{index}", f"Mentee {index}", tuple(ranked)))
    return experts, mentees


def seated_experts(plan: Plan, mentee_id: str) -> list[str]:
    return [
        stop.expert_id
        for stop in plan.itinerary(mentee_id).stops
        if stop.kind is StopKind.SEATED and stop.expert_id is not None
    ]

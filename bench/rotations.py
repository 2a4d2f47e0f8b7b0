"""Benchmark the speed-mentoring rotation planner.

    uv run python bench/rotations.py

Prints, for 300 mentees x 40 experts x 8 rounds with Zipf-skewed preferences: time,
expert repeats, repeated mentee pairs, table sizes and preference points against the
min-cost-flow bound, next to a greedy baseline run in the same process. Then two social
golfer instances, modelled as one expert per group per round (present in that round only)
with no preferences: repeated pairs found.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from bot.events import EventSpec, Expert, Mentee, Plan, plan_event
from bot.events.scoring import rank_points, ranks_by_topic, topic_key

Seating = list[dict[str, list[str]]]  # per round: expert id -> mentee ids


def zipf_event(
    mentee_count: int, expert_count: int, topic_count: int, seed: int
) -> tuple[list[Expert], list[Mentee]]:
    rng = random.Random(seed)
    topics = [f"topic {index:02d}" for index in range(topic_count)]
    weights = [1 / (rank + 1) for rank in range(topic_count)]
    experts = [
        Expert(f"e{index}", f"Expert {index}", topics[index % topic_count], f"T{index:02d}")
        for index in range(expert_count)
    ]
    mentees = []
    for index in range(mentee_count):
        ranked: list[str] = []
        while len(ranked) < 5:
            topic = rng.choices(topics, weights)[0]
            if topic not in ranked:
                ranked.append(topic)
        mentees.append(Mentee(f"m{index}", f"Mentee {index}", tuple(ranked)))
    return experts, mentees


def greedy_baseline(
    experts: Sequence[Expert], mentees: Sequence[Mentee], spec: EventSpec, seed: int
) -> Seating:
    """Each round, mentees in random order take their best unmet expert with room left."""
    rng = random.Random(seed)
    ranks = {m.mentee_id: ranks_by_topic(m.ranked_topics) for m in mentees}
    met: dict[str, set[str]] = {m.mentee_id: set() for m in mentees}
    topic_seen: dict[str, Counter[str]] = {m.mentee_id: Counter() for m in mentees}
    room = -(-len(mentees) // len(experts))
    seating: Seating = []
    for _ in spec.round_numbers:
        tables: dict[str, list[str]] = {e.expert_id: [] for e in experts}
        order = [m.mentee_id for m in mentees]
        rng.shuffle(order)
        for mentee_id in order:
            options = [
                e
                for e in experts
                if e.expert_id not in met[mentee_id] and len(tables[e.expert_id]) < room
            ]
            if not options:
                continue

            def value(expert: Expert, mentee_id: str = mentee_id) -> float:
                topic = topic_key(expert.topic)
                points = rank_points(ranks[mentee_id].get(topic))
                return points / (topic_seen[mentee_id][topic] + 1)

            best = max(options, key=value)
            tables[best.expert_id].append(mentee_id)
            met[mentee_id].add(best.expert_id)
            topic_seen[mentee_id][topic_key(best.topic)] += 1
        seating.append(tables)
    return seating


def seating_of(plan: Plan) -> Seating:
    return [
        {table.expert_id: list(table.mentee_ids) for table in seating.tables}
        for seating in plan.rounds
    ]


def measure(
    seating: Seating, experts: Sequence[Expert], mentees: Sequence[Mentee]
) -> dict[str, float]:
    """Figures computed independently of the planner, so both schedules are judged alike."""
    topic_of = {e.expert_id: topic_key(e.topic) for e in experts}
    ranks = {m.mentee_id: ranks_by_topic(m.ranked_topics) for m in mentees}
    topic_seen: dict[str, Counter[str]] = {m.mentee_id: Counter() for m in mentees}
    expert_meetings: Counter[tuple[str, str]] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    points = 0.0
    sizes: list[int] = []
    for tables in seating:
        open_sizes = [len(members) for members in tables.values() if members]
        sizes.append(max(open_sizes) - min(open_sizes))
        for expert_id, members in tables.items():
            for mentee_id in members:
                topic = topic_of[expert_id]
                topic_seen[mentee_id][topic] += 1
                points += rank_points(ranks[mentee_id].get(topic)) / topic_seen[mentee_id][topic]
                expert_meetings[(mentee_id, expert_id)] += 1
            pairs.update(combinations(sorted(members), 2))
    return {
        "points": points,
        "expert_repeats": sum(count - 1 for count in expert_meetings.values()),
        "repeated_pairs": sum(count > 1 for count in pairs.values()),
        "widest_size_spread": max(sizes),
        "meetings": sum(expert_meetings.values()),
    }


def main_instance() -> None:
    spec = EventSpec(rounds=8, table_min=4, table_max=10)
    experts, mentees = zipf_event(300, 40, 10, seed=11)
    times = []
    plan = None
    for _ in range(3):
        start = time.perf_counter()
        plan = plan_event(experts, mentees, spec, seed=0)
        times.append(time.perf_counter() - start)
    assert plan is not None
    start = time.perf_counter()
    greedy = greedy_baseline(experts, mentees, spec, seed=0)
    greedy_time = time.perf_counter() - start
    ours, base = measure(seating_of(plan), experts, mentees), measure(greedy, experts, mentees)
    figures = plan.figures
    print("== 300 mentees x 40 experts x 8 rounds, Zipf preferences over 10 topics ==")
    print(
        f"planner time: median {statistics.median(times):.2f} s (runs: "
        f"{', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"expert repeats: {figures.expert_repeats}")
    print(f"repeated mentee pairs: {figures.repeated_mentee_pairs}")
    print(
        "table sizes per round: "
        + ", ".join(f"{s.smallest}-{s.largest}" for s in figures.table_sizes)
    )
    print(f"meetings: {int(ours['meetings'])} (short of target: {figures.meetings_short})")
    print(
        f"preference points: {figures.preference_points:.1f} / bound "
        f"{figures.preference_bound:.1f} = {figures.preference_ratio:.1%}"
    )
    print(f"meetings by topic rank 1..5, other: {figures.meetings_by_rank}")
    print(
        f"greedy baseline ({greedy_time:.2f} s): points {base['points']:.1f} "
        f"({base['points'] / figures.preference_bound:.1%} of bound), "
        f"repeated pairs {int(base['repeated_pairs'])}, "
        f"expert repeats {int(base['expert_repeats'])}, "
        f"meetings {int(base['meetings'])}, "
        f"widest size spread {int(base['widest_size_spread'])}"
    )
    print(
        f"planner / greedy: points x{ours['points'] / base['points']:.3f}, "
        f"repeated pairs {int(ours['repeated_pairs'])} vs {int(base['repeated_pairs'])}"
    )


def social_golfer(people: int, groups: int, size: int, rounds: int) -> None:
    experts = [
        Expert(
            f"g{group}r{round_number}",
            f"Group {group}",
            "group",
            f"T{group}",
            frozenset(r for r in range(1, rounds + 1) if r != round_number),
        )
        for round_number in range(1, rounds + 1)
        for group in range(groups)
    ]
    mentees = [Mentee(f"p{index}", f"Player {index}") for index in range(people)]
    start = time.perf_counter()
    plan = plan_event(experts, mentees, EventSpec(rounds, size, size), seed=0)
    elapsed = time.perf_counter() - start
    pairs_total = people * (people - 1) // 2
    print(
        f"social golfer {people} people, {groups} groups of {size}, {rounds} rounds: "
        f"{plan.figures.repeated_mentee_pairs} repeated pairs "
        f"(of {pairs_total} pairs; 0 = a perfect schedule), "
        f"table sizes {sorted({(s.smallest, s.largest) for s in plan.figures.table_sizes})}, "
        f"{elapsed:.2f} s"
    )


if __name__ == "__main__":
    main_instance()
    print("== social golfer ==")
    social_golfer(32, 8, 4, 10)
    social_golfer(30, 6, 5, 6)

"""Benchmark the speed-mentoring rotation planner.

    uv run python bench/rotations.py

Prints one line per case: expert repeats, repeated mentee pairs, preference points as a
share of the min-cost-flow bound and planner CPU time, beside a greedy baseline judged by
the same independent measure, and the fewest repeated pairs known to be possible (from a
construction, or a proof). Cases: social golfer 8-4-10 and 6-5-6 (one expert per group
per round, present in that round only, no preferences), every seat full, few experts,
expert absences, a residency day whose tables may hold 4 to 6, 300 x 40 x 8 and
1,000 x 100 x 10 with Zipf preferences.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from bot.events import EventSpec, Expert, Mentee, Plan, plan_event
from bot.events.scoring import rank_points, ranks_by_topic, topic_key

Seating = list[dict[str, list[str]]]  # per round: expert id -> mentee ids
# No plan of the few-experts case that meets every expert has fewer than 3 repeated
# pairs (devtools/few_experts_bound.py proves it); the stored schedule has 3.
FEW_EXPERTS_BEST = "3 proven best"


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
        while len(ranked) < min(5, topic_count):
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
    seating: Seating = []
    for round_number in spec.round_numbers:
        present = [e for e in experts if e.present_in(round_number)]
        room = min(spec.table_max, -(-len(mentees) // max(1, len(present))))
        tables: dict[str, list[str]] = {e.expert_id: [] for e in present}
        order = [m.mentee_id for m in mentees]
        rng.shuffle(order)
        for mentee_id in order:
            options = [
                e
                for e in present
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
        open_sizes = [len(members) for members in tables.values() if members] or [0]
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


@dataclass(frozen=True)
class Case:
    label: str
    experts: list[Expert]
    mentees: list[Mentee]
    spec: EventSpec
    # fewest repeated pairs known possible, and what shows it
    best_known: str = "-"


def with_absences(experts: list[Expert], every: int, rounds: int) -> list[Expert]:
    """Every `every`-th expert misses one round, spread over the event."""
    return [
        replace(expert, absent_rounds=frozenset({1 + index % rounds}))
        if index % every == 0
        else expert
        for index, expert in enumerate(experts)
    ]


def golfer_case(groups: int, size: int, rounds: int, best_known: str) -> Case:
    """One expert per group per round, present in that round only, and no preferences."""
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
    mentees = [Mentee(f"p{index}", f"Player {index}") for index in range(groups * size)]
    label = f"social golfer {groups}-{size}-{rounds}"
    return Case(label, experts, mentees, EventSpec(rounds, size, size), best_known)


def zipf_case(
    label: str, mentees: int, experts: int, rounds: int, sizes: tuple[int, int], seed: int
) -> Case:
    expert_list, mentee_list = zipf_event(mentees, experts, min(10, experts), seed)
    return Case(label, expert_list, mentee_list, EventSpec(rounds, *sizes))


def cases() -> list[Case]:
    absent = zipf_case("absences 120x12x6, 4-12", 120, 12, 6, (4, 12), seed=5)
    full = zipf_case("all seats full 56x8x7, 7-7", 56, 8, 7, (7, 7), seed=3)
    few = zipf_case("few experts 30x4x6, 4-8", 30, 4, 6, (4, 8), seed=7)
    return [
        golfer_case(8, 4, 10, "0 stored design"),
        golfer_case(6, 5, 6, "0 stored design"),
        replace(full, best_known="0 RS GF(8)"),
        replace(few, best_known=FEW_EXPERTS_BEST),
        replace(absent, experts=with_absences(absent.experts, 3, 6)),
        zipf_case("residency day 50x10x5, 4-6", 50, 10, 5, (4, 6), seed=17),
        zipf_case("300x40x8, 4-10", 300, 40, 8, (4, 10), seed=11),
        zipf_case("1000x100x10, 4-12", 1000, 100, 10, (4, 12), seed=13),
    ]


def run(case: Case) -> None:
    start = time.process_time()
    plan = plan_event(case.experts, case.mentees, case.spec, seed=0)
    cpu = time.process_time() - start
    greedy = greedy_baseline(case.experts, case.mentees, case.spec, seed=0)
    ours = measure(seating_of(plan), case.experts, case.mentees)
    base = measure(greedy, case.experts, case.mentees)
    bound = plan.figures.preference_bound

    def share(points: float) -> str:
        return f"{points / bound:6.1%}" if bound > 0 else "   n/a"

    print(
        f"{case.label:<28} {int(ours['expert_repeats']):>4} {int(ours['repeated_pairs']):>6} "
        f"{share(ours['points'])} {cpu:7.2f} | {int(base['expert_repeats']):>4} "
        f"{int(base['repeated_pairs']):>6} {share(base['points'])} | {bound:8.1f} "
        f"{case.best_known}"
    )


def main() -> None:
    print(f"{'':<28} {'planner':^26} | {'greedy baseline':^18} | {'bound':>8} best known")
    print(
        f"{'case':<28} {'exp':>4} {'pairs':>6} {'%bound':>6} {'cpu s':>7} | "
        f"{'exp':>4} {'pairs':>6} {'%bound':>6} | {'points':>8} pairs"
    )
    for case in cases():
        run(case)


if __name__ == "__main__":
    main()

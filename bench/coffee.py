"""Coffee-chat pairing at channel scale, against a naive random pairing.

Usage: uv run python bench/coffee.py [--members 2000] [--rounds 50] [--window 12]
       [--engine-history]

Prior rounds are random pairings by default (the same as the baseline makes), or the
engine's own rounds with --engine-history. A second, small channel (--dense-members,
history always from the engine) shows behaviour when the window leaves few fresh partners.
Each configuration is timed over a few seeds; the median is printed.
"""

import argparse
import random
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

from bot.coffee import (
    Group,
    Member,
    PairingMode,
    PairingRequest,
    PastRound,
    find_repeats,
    pair_members,
)

SPECIALTIES = [
    "cardiology", "surgery", "pediatrics", "psychiatry", "radiology", "neurology",
    "oncology", "emergency medicine", "family medicine", "dermatology", "anesthesia", None,
]  # fmt: skip
TOPICS = ["research", "teaching", "wellness", "global health", "AI", "leadership", "writing"]
SEEDS = (1, 2, 3)


def make_members(count: int, rng: random.Random) -> list[Member]:
    members = []
    for index in range(count):
        is_mentor = rng.random() < 0.3
        members.append(
            Member(
                person_id=f"U{index:05d}",
                level=2 if is_mentor else rng.choice((0, 1)),
                is_mentor=is_mentor,
                specialty=rng.choice(SPECIALTIES),
                topics=frozenset(rng.sample(TOPICS, rng.randint(0, 3))),
            )
        )
    return members


def naive_groups(person_ids: Sequence[str], group_size: int, rng: random.Random) -> list[Group]:
    shuffled = list(person_ids)
    rng.shuffle(shuffled)
    groups = [shuffled[start : start + group_size] for start in range(0, len(shuffled), group_size)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        groups[-2] += groups.pop()
    return [Group(tuple(group)) for group in groups]


def make_history(
    members: list[Member], rounds: int, window: int, use_engine: bool, rng: random.Random
) -> list[PastRound]:
    history: list[PastRound] = []
    ids = [member.person_id for member in members]
    for number in range(1, rounds + 1):
        if use_engine:
            request = PairingRequest(members, history, 2, "anyone", window, seed=number)
            groups: Sequence[Group] = pair_members(request).groups
        else:
            groups = naive_groups(ids, 2, rng)
        history.append(PastRound(number, tuple(group.person_ids for group in groups)))
    return history


Outcome = TypeVar("Outcome")


def timed(action: Callable[[], Outcome]) -> tuple[float, Outcome]:
    start = time.perf_counter()
    outcome = action()
    return time.perf_counter() - start, outcome


def run(
    members: list[Member], history: list[PastRound], window: int, size: int, mode: PairingMode
) -> None:
    engine_times, engine_repeats, baseline_times, baseline_repeats = [], [], [], []
    ids = [member.person_id for member in members]
    for seed in SEEDS:
        request = PairingRequest(members, history, size, mode, window, seed=seed)
        elapsed, result = timed(partial(pair_members, request))
        engine_times.append(elapsed)
        engine_repeats.append(len(result.repeats))
        elapsed, groups = timed(partial(naive_groups, ids, size, random.Random(seed)))
        baseline_times.append(elapsed)
        baseline_repeats.append(len(find_repeats(request, groups)))
    figures = result.figures
    engine_time = statistics.median(engine_times)
    baseline_time = statistics.median(baseline_times)
    print(f"\n== group size {size}, mode {mode}")
    print(f"engine   time {engine_time * 1000:8.1f} ms  repeats in window {engine_repeats}")
    print(f"baseline time {baseline_time * 1000:8.1f} ms  repeats in window {baseline_repeats}")
    print(
        f"time ratio engine/baseline {engine_time / baseline_time:8.1f}x;  repeats "
        f"{sum(engine_repeats)} vs {sum(baseline_repeats)} over {len(SEEDS)} seeds"
    )
    print(f"group sizes {dict(figures.group_sizes)}  unplaced {figures.unplaced}")
    print(
        f"same-specialty groups {figures.same_specialty_groups}  mentor-led "
        f"{figures.mentor_led_groups}  without mentor {figures.groups_without_mentor}"
    )


def scenario(count: int, rounds: int, window: int, engine_history: bool) -> None:
    rng = random.Random(2024)
    members = make_members(count, rng)
    start = time.perf_counter()
    history = make_history(members, rounds, window, engine_history, rng)
    source = "engine" if engine_history else "random"
    print(
        f"\n######## {len(members)} members, {len(history)} prior rounds ({source}, built in "
        f"{time.perf_counter() - start:.1f} s), window {window}, seeds {SEEDS}"
    )
    modes: tuple[PairingMode, ...] = ("anyone", "cross_level", "cross_specialty")
    for size in (2, 3):
        for mode in modes:
            run(members, history, window, size, mode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--window", type=int, default=12)
    parser.add_argument("--engine-history", action="store_true")
    parser.add_argument(
        "--dense-members",
        type=int,
        default=16,
        help="also run a small channel whose window nearly exhausts fresh partners (0: skip)",
    )
    arguments = parser.parse_args()
    scenario(arguments.members, arguments.rounds, arguments.window, arguments.engine_history)
    if arguments.dense_members:
        scenario(arguments.dense_members, arguments.rounds, arguments.window, engine_history=True)


if __name__ == "__main__":
    main()

"""Time of one /mentor ranking: one need against ~2,000 mentors, as an interactive request does.

    uv run python bench/ranking_time.py [--mentors 2000] [--repeat 30]

Mentor texts are the gold profiles with a varied tail, so no two are the same. Each request
builds its mentor profiles afresh with one mentor's load changed, as a request after someone
took a mentee does, so no statistics of the pool are reused; the first request (reading every
profile for the first time) is printed apart from the median of the rest.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import time
from datetime import date

from bench.matching_gold import load_gold, mentor_profile, need_of
from bot.matching.assign import suggest
from bot.matching.scoring import DefaultScorer

TODAY = date(2026, 9, 1)
TAILS = ["", " Happy to meet trainees.", " Also QI projects.", " Research mentor.", " Teaching."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    goals, mentor_texts = load_gold()
    texts = list(mentor_texts.values())
    pool = [
        mentor_profile(f"m{j}", f"{rng.choice(texts)}{rng.choice(TAILS)} #{j}")
        for j in range(args.mentors)
    ]
    started = time.perf_counter()
    scorer = DefaultScorer()
    setup = time.perf_counter() - started
    timings = []
    for k in range(args.repeat + 1):
        busy = k % len(pool)
        mentors = [
            dataclasses.replace(m, active_mentees=m.active_mentees + (j == busy))
            for j, m in enumerate(pool)
        ]
        need = need_of(k, goals[k % len(goals)].text)
        started = time.perf_counter()
        suggest(need, mentors, scorer, TODAY, k=3)
        timings.append(time.perf_counter() - started)
    print(
        f"/mentor ranking over {args.mentors} mentors: scorer set-up {setup * 1000:.0f} ms, "
        f"first request {timings[0] * 1000:.0f} ms, "
        f"median of the next {args.repeat} {statistics.median(timings[1:]) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()

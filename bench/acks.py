"""How long Slack waits for an ack while cohort drafts and a program report run.

    uv run python bench/acks.py [--people 2000] [--users 10] [--actions 15] [--database URL]

The real app serves HTTP on a SQLite file (and on PostgreSQL too when
ROUNDS_BENCH_DATABASE_URL or ROUNDS_TEST_DATABASE_URL is set, in a schema of its own), with
``--people`` people and their profiles. ``--users`` simulated people each send ``--actions``
signed requests, a realistic mix: /mentor with a goal (opens the request form), sending that
form, buttons (edit profile, add a goal, pause and resume mentoring), App Home opened events,
and /mentor goals. Timed is each request from sending to the HTTP response, which is the ack
Slack waits for (three seconds at most; we want one). Run first with the app idle, then while
two cohort drafts and a program report run over and over in background threads, in the same
process. Printed: n, p50, p99 and max for both runs, loaded p99 over idle p99, and whether
every ack came in under a second.
"""

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.error import URLError

from sqlalchemy import insert
from sqlmodel import col, select

from bot.career import CareerStage
from bot.identity import PersonRef
from bot.reports import build_report
from devtools.databases import postgres_schema
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from handlers.heap import freeze_startup_objects
from storage.models import Person, Profile

ACK_LIMIT_SECONDS = 1.0
SLACK_GIVES_UP_SECONDS = 3.0
ORGANIZER = "U0BENCHPD"
SPECIALTIES = ("pediatrics", "emergency_medicine", "internal_medicine", "surgery", "psychiatry")
TOPICS = ("research", "wellness", "fellowship_applications", "teaching", "leadership")
GOALS = (
    "help with fellowship applications in peds cards",
    "research project in emergency medicine and avoiding burnout",
    "getting better at teaching on the wards",
)
BUTTONS = ("profile.open", "goal_add", "mentor.pause", "mentor.resume")


@dataclass(frozen=True)
class Figures:
    n: int
    p50: float
    p99: float
    max: float
    unanswered: int

    @classmethod
    def of(cls, acks: list["Ack"]) -> "Figures":
        ordered = sorted(ack.seconds for ack in acks)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        unanswered = sum(1 for ack in acks if not ack.answered)
        return cls(len(ordered), statistics.median(ordered), p99, ordered[-1], unanswered)

    @property
    def all_in_time(self) -> bool:
        return self.max < ACK_LIMIT_SECONDS

    def line(self, label: str) -> str:
        return (
            f"{label:<8} n={self.n:<5} p50={self.p50 * 1000:7.1f} ms  "
            f"p99={self.p99 * 1000:7.1f} ms  max={self.max * 1000:7.1f} ms  "
            f"not acked within {SLACK_GIVES_UP_SECONDS:.0f} s: {self.unanswered}"
        )


@dataclass(frozen=True)
class Ack:
    seconds: float
    answered: bool
    kind: str = ""


REQUEST_KINDS = ("/mentor <goal>", "request form", "button", "App Home opened", "/mentor goals")


def slowest_kinds(acks: list[Ack]) -> str:
    """The p99 of each kind of request, slowest first: where the tail comes from."""
    by_kind: dict[str, list[float]] = {}
    for ack in acks:
        by_kind.setdefault(ack.kind, []).append(ack.seconds)
    p99s = {
        kind: sorted(seconds)[min(len(seconds) - 1, int(len(seconds) * 0.99))]
        for kind, seconds in by_kind.items()
    }
    ranked = sorted(p99s.items(), key=lambda item: -item[1])
    return "         p99 by kind: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in ranked)


def user_id(number: int) -> str:
    return f"U{number:07d}"


def seed(rounds: LocalRounds, people: int) -> None:
    """``people`` people with profiles, one in three a mentor, as a roster import leaves them."""
    rng = random.Random(7)
    stages = list(CareerStage)
    with rounds.services.database.write() as session:
        session.connection().execute(
            insert(Person),
            [
                {
                    "workspace_id": FAKE_TEAM,
                    "user_id": user_id(n),
                    "display_name": f"Person {n}",
                    "timezone": "America/New_York",
                    "is_mentor": n % 3 == 0,
                    "is_mentee": n % 3 != 0,
                }
                for n in range(people)
            ],
        )
        ids = session.exec(select(Person.id, Person.is_mentor).order_by(col(Person.id))).all()
        session.connection().execute(
            insert(Profile),
            [
                {
                    "person_id": person_id,
                    "career_stage": (stages[-1 - n % 3] if mentor else stages[n % 6]).value,
                    "specialty": rng.choice(SPECIALTIES),
                    "topics": rng.sample(TOPICS, 2),
                    "about": rng.choice(GOALS),
                    "capacity": 2 if mentor else 0,
                    "chats_per_month": 2 if mentor else 0,
                }
                for n, (person_id, mentor) in enumerate(ids)
            ],
        )


def act(rounds: LocalRounds, who: str, step: int, rng: random.Random) -> int:
    """One request a person would send, by turn; the HTTP status it was answered with."""
    slack, goal = rounds.slack, rng.choice(GOALS)
    kind = step % 5
    if kind == 0:
        return slack.command(who, "/mentor", goal).status
    if kind == 1:
        values: dict[str, dict[str, dict[str, Any]]] = {
            "goal": {"goal": {"value": goal}},
            "format": {"format": {"selected_option": {"value": "one_off"}}},
        }
        return slack.submit_view(who, "mentor_request", values).status
    if kind == 2:
        return slack.click(who, rng.choice(BUTTONS), view={"id": "VHOME", "type": "home"}).status
    if kind == 3:
        return slack.event({"type": "app_home_opened", "user": who, "tab": "home"}).status
    return slack.command(who, "/mentor", "goals").status


def run_users(rounds: LocalRounds, users: list[str], actions: int) -> list[Ack]:
    """Every person's requests at once, each in its own thread; how each was answered."""
    acks: list[Ack] = []
    lock = threading.Lock()

    def person(who: str) -> None:
        rng = random.Random(who)
        for step in range(actions):
            time.sleep(rng.uniform(0.0, 0.05))
            started = time.perf_counter()
            try:
                status = act(rounds, who, step, rng)
            except (TimeoutError, URLError):
                status = 0
            took = time.perf_counter() - started
            with lock:
                # Bolt answers 404 when a listener did not ack within three seconds; either way
                # Slack has given up on this request.
                kind = REQUEST_KINDS[step % len(REQUEST_KINDS)]
                acks.append(
                    Ack(max(took, SLACK_GIVES_UP_SECONDS), False, kind)
                    if status != 200
                    else Ack(took, True, kind)
                )

    threads = [threading.Thread(target=person, args=(who,), name=who) for who in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acks


class BackgroundWork:
    """Two cohort drafts and a program report, each started again as soon as it finishes."""

    def __init__(self, rounds: LocalRounds) -> None:
        services = rounds.services
        organizer = PersonRef.slack(FAKE_TEAM, ORGANIZER)
        now = services.clock.now()
        self._stop = threading.Event()
        self.finished = {"draft": 0, "report": 0}
        self._lock = threading.Lock()
        self._threads = [
            self._thread("draft", lambda: services.cohort.draft(organizer)),
            self._thread("draft", lambda: services.cohort.draft(organizer)),
            self._thread(
                "report",
                lambda: build_report(
                    services.database, now - timedelta(days=90), now, compute=services.compute
                ),
            ),
        ]

    def _thread(self, name: str, work: Callable[[], object]) -> threading.Thread:
        def repeat() -> None:
            while not self._stop.is_set():
                work()
                with self._lock:
                    self.finished[name] += 1

        return threading.Thread(target=repeat, name=f"bench-{name}", daemon=True)

    def __enter__(self) -> "BackgroundWork":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


def measure(database_url: str, people: int, users: int, actions: int) -> str:
    with LocalRounds(database_url, organizers=(ORGANIZER,)) as rounds:
        rounds.services.compute.start(wait=True)
        seed(rounds, people)
        for number in range(people):
            rounds.add_user(user_id(number), f"Person {number}")
        freeze_startup_objects()  # as `rounds serve` does once it has started
        simulated = [user_id(1 + 3 * n) for n in range(users)]  # mentees, not mentors
        idle_acks = run_users(rounds, simulated, actions)
        idle = Figures.of(idle_acks)
        rounds.settle(timeout=120)
        started = time.perf_counter()
        with BackgroundWork(rounds) as background:
            loaded_acks = run_users(rounds, simulated, actions)
            loaded = Figures.of(loaded_acks)
        held = time.perf_counter() - started
        rounds.settle(timeout=120)
    return "\n".join(
        [
            idle.line("idle"),
            slowest_kinds(idle_acks),
            loaded.line("loaded"),
            slowest_kinds(loaded_acks),
            f"loaded/idle p99: {loaded.p99 / idle.p99:.2f}x; background work in {held:.1f} s: "
            f"{background.finished['draft']} cohort drafts, "
            f"{background.finished['report']} program reports finished",
            f"every ack under {ACK_LIMIT_SECONDS:.0f} s: idle {_yes(idle.all_in_time)}, "
            f"loaded {_yes(loaded.all_in_time)}",
        ]
    )


def _yes(met: bool) -> str:
    return "yes" if met else "NO"


@contextmanager
def databases(chosen: str | None) -> Iterator[list[tuple[str, str]]]:
    """The SQLite file always (unless a URL is given), and PostgreSQL when one is configured."""
    if chosen:
        yield [("given database", chosen)]
        return
    postgres = os.environ.get("ROUNDS_BENCH_DATABASE_URL") or os.environ.get(
        "ROUNDS_TEST_DATABASE_URL"
    )
    with tempfile.TemporaryDirectory(prefix="rounds-bench-") as tmp:
        found = [("SQLite file", f"sqlite:///{Path(tmp) / 'acks.db'}")]
        if not postgres:
            yield found
            return
        with postgres_schema(postgres, prefix="bench") as url:
            yield [*found, ("PostgreSQL", url)]


def run(people: int, users: int, actions: int, database: str | None = None) -> None:
    # Waitress warns whenever requests queue for a thread; that queueing is what is timed here.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    # A listener that did not ack in time is counted; Bolt's warning would only repeat it.
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    with databases(database) as chosen:
        for label, url in chosen:
            print(f"{people} people, {users} users x {actions} requests, {label}:")
            print(measure(url, people, users, actions))
            sys.stdout.flush()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--actions", type=int, default=15, help="requests per user and run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--database", default=None)
    options = parser.parse_args()
    run(options.people, options.users, options.actions, options.database)


if __name__ == "__main__":
    main()

"""Dispatch many due prompts through the real delivery path while the fake Slack enforces
Slack's rate limits, and compare the time taken with the least the limits allow.

    uv run python bench/checkins.py [--prompts 10000] [--people 2000] [--scale 40]

Limits are Slack's (conversations.open Tier 3: 50 a minute; chat.postMessage: 1 a second
per conversation), multiplied by --scale so that the run takes seconds, not an hour. The fake
Slack runs in its own process, so it does not compete with the app for the GIL. Prompts are
written straight into the database as already due; each is then delivered by
``Outbox.deliver`` (the task every ``prompt:<id>`` job runs: claim, checks, compose, paced
send through SlackMessenger and the retrying WebClient, mark sent) from a thread pool, as the
scheduler's executor would.
"""

import argparse
import multiprocessing
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import select

from bot.checkins import CheckIns
from bot.clock import SystemClock
from bot.outbox import Delivery, Outbox, QuietHours
from bot.scheduling import JobScheduler
from devtools.slack.fake_api import FakeSlack, RateLimit
from handlers.slack.messenger import SlackMessenger
from handlers.slack.pacing import Pacer, Rate
from handlers.slack.workspaces import slack_client
from storage.db import Database
from storage.migrate import upgrade
from storage.models import Person, Prompt

OPEN_PER_MINUTE, OPEN_BURST = 50, 10
POST_PER_CHANNEL_SECOND, POST_BURST = 1.0, 3
NEVER_QUIET = QuietHours(clock_time(0), clock_time(0), False, "UTC")


@dataclass(frozen=True)
class Limits:
    scale: float

    @property
    def open_rate(self) -> float:
        return OPEN_PER_MINUTE / 60 * self.scale

    @property
    def post_rate(self) -> float:
        return POST_PER_CHANNEL_SECOND * self.scale

    def minimum_seconds(self, people: int, per_person: int) -> float:
        """Least time the limits allow: every person's conversation must be opened (one
        bucket for the workspace), and each conversation takes its messages at its own rate."""
        opening = max(people - OPEN_BURST, 0) / self.open_rate
        last_conversation = max(per_person - POST_BURST, 0) / self.post_rate
        return opening + last_conversation


def serve_fake(limits: Limits, channel: Connection) -> None:
    fake = FakeSlack()
    fake.enforce_limit("conversations.open", RateLimit(limits.open_rate, OPEN_BURST))
    fake.enforce_limit(
        "chat.postMessage", RateLimit(limits.post_rate, POST_BURST, per_channel=True)
    )
    fake.start()
    channel.send(fake.api_url)
    channel.recv()
    posted = [
        str(element["value"])
        for call in fake.calls_to("chat.postMessage")
        for block in call.args.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"][:1]
    ]
    channel.send(
        {
            "posted": posted,
            "opened": len(fake.calls_to("conversations.open")),
            "rejected": dict(fake.rejected_for_rate),
        }
    )
    fake.stop()


def seed(database: Database, people: int, per_person: int, due: datetime) -> list[int]:
    """Each person's prompts together, in the order they fell due."""
    with database.write() as session:
        session.connection().execute(
            insert(Person),
            [
                {"workspace_id": "T0BENCH", "user_id": f"U{n:06d}", "timezone": "UTC"}
                for n in range(people)
            ],
        )
        person_ids = list(session.exec(select(Person.id).order_by(Person.id)).all())
        session.connection().execute(
            insert(Prompt),
            [
                {
                    "kind": "did_you_meet",
                    "person_id": person_id,
                    "subject_type": "coffee_group",
                    "subject_id": round_number,
                    "dedupe_key": f"bench:{round_number}:{person_id}",
                    "due_at": due,
                    "status": "pending",
                }
                for person_id in person_ids
                for round_number in range(per_person)
            ],
        )
        return [p for p in session.exec(select(Prompt.id).order_by(Prompt.id)).all() if p]


def run(prompts: int, people: int, scale: float, workers: int, database_url: str | None) -> None:
    per_person = prompts // people
    limits = Limits(scale)
    parent, child = multiprocessing.Pipe()
    fake_process = multiprocessing.Process(target=serve_fake, args=(limits, child), daemon=True)
    fake_process.start()
    api_url = parent.recv()

    with tempfile.TemporaryDirectory() as tmp:
        database = Database(database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(database)
        scheduler = JobScheduler(database.url)
        scheduler.start(paused=True)
        pacer = Pacer(
            {
                # One token of headroom absorbs requests reaching the fake out of order.
                "conversations.open": (Rate(limits.open_rate, OPEN_BURST - 1),),
                "chat.postMessage": (Rate(limits.post_rate, POST_BURST - 1, per_channel=True),),
            }
        )
        client = slack_client("xoxb-bench", api_url)
        outbox = Outbox(
            database, SystemClock(), SlackMessenger(client, pacer), scheduler, NEVER_QUIET
        )
        checkins = CheckIns(database, SystemClock(), outbox, scheduler)
        ids = seed(database, people, per_person, datetime.now(UTC) - timedelta(minutes=1))

        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            outcomes = Counter(pool.map(checkins.outbox.deliver, ids))
        elapsed = time.perf_counter() - started

        with database.read() as session:
            statuses = Counter(session.exec(select(Prompt.status)).all())
        scheduler.shutdown()
        database.dispose()

    parent.send("stop")
    seen: dict[str, Any] = parent.recv()
    fake_process.join(5)
    posted = Counter(seen["posted"])
    minimum = limits.minimum_seconds(people, per_person)
    report(
        prompts=len(ids),
        people=people,
        scale=scale,
        workers=workers,
        elapsed=elapsed,
        minimum=minimum,
        outcomes=outcomes,
        statuses=statuses,
        lost=sum(1 for prompt_id in ids if posted[str(prompt_id)] == 0),
        duplicated=sum(1 for count in posted.values() if count > 1),
        opened=seen["opened"],
        rejected=seen["rejected"],
        paced=pacer.waited_seconds,
    )


def report(**figures: Any) -> None:
    elapsed, minimum = figures["elapsed"], figures["minimum"]
    print(
        f"{figures['prompts']:,} due prompts to {figures['people']:,} people, "
        f"{figures['workers']} delivery threads"
    )
    print(
        f"limits ×{figures['scale']:g}: conversations.open {OPEN_PER_MINUTE}/min "
        f"(burst {OPEN_BURST}), chat.postMessage {POST_PER_CHANNEL_SECOND:g}/s per conversation "
        f"(burst {POST_BURST})"
    )
    print(f"delivered in {elapsed:.1f} s; least the limits allow {minimum:.1f} s")
    rate = figures["prompts"] / elapsed
    print(f"ratio to the minimum: {elapsed / minimum:.2f}×; {rate:.0f} prompts/s")
    print(f"outcomes: {dict(figures['outcomes'])}; rows: {dict(figures['statuses'])}")
    print(f"lost: {figures['lost']}, sent twice: {figures['duplicated']}")
    print(f"conversations.open calls: {figures['opened']} (one per person)")
    print(f"429s answered by the fake: {figures['rejected'] or 0}")
    print(f"time threads spent waiting in the pacer: {figures['paced']:.0f} s (summed)")
    assert Delivery.SENT in figures["outcomes"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prompts", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--scale", type=float, default=40.0)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--database-url", default=None)
    arguments = parser.parse_args()
    run(
        arguments.prompts,
        arguments.people,
        arguments.scale,
        arguments.workers,
        arguments.database_url,
    )


if __name__ == "__main__":
    main()

"""A speed-mentoring round change due at the same moment as 2,000 check-in prompts, and
acks while cohort drafts and a program report run (bench/acks.py).

    uv run python bench/load.py [--prompts 2000] [--send-seconds 0.02] [--database URL]
                                [--people 2000] [--users 10] [--actions 15]

A real processing :class:`JobScheduler` on SQLite (or ``--database``) gets ``--prompts`` jobs
``prompt:<n>`` due at one moment, each standing in for a paced Slack send of
``--send-seconds``, and a round change ``event:1:round:2:start`` due at the same moment.
Printed: how late the round change ran, first with every job in one pool (as before the
pools were split), then with timed and bulk pools apart. Target: under 2 s.
Then the ack figures of bench/acks.py, which see.
"""

import argparse
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import acks

from bot.scheduling import JobKind, JobScheduler, register_task

BULK_WORKERS = 4
TIMED_WORKERS = 2
TARGET_SECONDS = 2.0


class Run:
    def __init__(self, send_seconds: float) -> None:
        self.send_seconds = send_seconds
        self.due_at = 0.0
        self.round_changed = threading.Event()
        self.round_delay = 0.0

    def send_prompt(self, _number: int) -> None:
        time.sleep(self.send_seconds)

    def change_round(self) -> None:
        self.round_delay = time.monotonic() - self.due_at
        self.round_changed.set()


def measure(database: str, prompts: int, send_seconds: float, split: bool) -> float:
    run = Run(send_seconds)
    register_task("bench_prompt", run.send_prompt)
    register_task("bench_round", run.change_round)
    scheduler = JobScheduler(
        database,
        timed_workers=TIMED_WORKERS,
        bulk_workers=BULK_WORKERS,
        store_poll_seconds=0.2,
        tablename=f"bench_jobs_{'split' if split else 'one'}",
    )
    scheduler.start(paused=True)
    due = datetime.now(UTC) + timedelta(seconds=1)
    for number in range(prompts):
        scheduler.schedule_once(f"prompt:{number}", "bench_prompt", due, (number,))
    round_kind = None if split else JobKind.BULK
    scheduler.schedule_once("event:1:round:2:start", "bench_round", due, (), kind=round_kind)
    # Adding the jobs takes longer than a second, so all are due when processing starts.
    run.due_at = time.monotonic()
    scheduler.resume()
    run.round_changed.wait(timeout=prompts * send_seconds + 60)
    scheduler.shutdown(wait=False)
    return run.round_delay


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prompts", type=int, default=2000)
    parser.add_argument("--send-seconds", type=float, default=0.02)
    parser.add_argument("--database", default=None, help="for the scheduling half only")
    acks.add_arguments(parser)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rounds-bench-") as tmp:
        database = options.database or f"sqlite:///{Path(tmp) / 'load.db'}"
        for split in (False, True):
            delay = measure(database, options.prompts, options.send_seconds, split)
            label = "timed and bulk pools" if split else "one pool (baseline)"
            verdict = "ok" if delay < TARGET_SECONDS else "over 2 s"
            print(
                f"{options.prompts} prompts due with a round change, {label}: "
                f"round changed {delay:.2f} s late ({verdict})"
            )
    print()
    acks.run(options.people, options.users, options.actions)


if __name__ == "__main__":
    main()

"""Finding times to meet: slots for two people behind five year-long calendar feeds, and the
proposals for every group of one large coffee round.

    uv run python bench/slots.py [--events-per-week 10] [--groups 500] [--repeat 5]
        [--threads 1]

Part 1 builds five ICS feeds covering a year (overnight calls, a weekly clinic as an RRULE
with EXDATEs in a named zone, all-day OR days, single meetings) and times, median of
--repeat runs: reading each feed into busy times (what the hourly background job does),
proposing three slots for two people from those cached busy times (what an introduction
does), and both together. Target: three slots for two people under 200 ms.

Part 2 seeds a SQLite database with 2 x --groups people, each with weekly windows and a
cached feed, and times the proposals for --groups coffee groups of two, one after another
through the real service: read availability, find slots, write the meeting, post and deliver
each person's offer through the outbox (to a recording messenger). Target: 500 under 10 s.
"""

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.clock import FakeClock
from bot.domain import CoffeeGroupIntroduced
from bot.meetings import Meetings, MeetingsContext, QuietRules
from bot.meetings.calendars import busy_times
from bot.meetings.context import CACHE_AHEAD, CACHE_BEHIND, encode_busy, encode_windows
from bot.meetings.model import Attendee, SlotRequest, Window
from bot.meetings.slots import propose_slots
from bot.messaging import RecordingMessenger
from bot.outbox import SWEEP_TASK, Delivery, Outbox, QuietHours
from bot.scheduling import JobScheduler, register_task
from storage.db import Database
from storage.migrate import upgrade
from storage.models import CalendarFeed, MeetingAvailability, Person

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ZONE = "America/New_York"
YEAR_START = date(2026, 6, 1)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def year_feed(seed: int, events_per_week: int) -> str:
    """A year of a clinician's calendar: calls, a recurring clinic, OR days, meetings."""
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//bench//feed {seed}//EN"]

    def event(uid: str, *fields: str) -> None:
        lines.extend(
            ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260101T000000Z", *fields, "END:VEVENT"]
        )

    exdates = ",".join(f"{(YEAR_START + timedelta(weeks=w)):%Y%m%d}T130000" for w in (5, 9, 30))
    event(
        f"clinic-{seed}",
        f"DTSTART;TZID={ZONE}:{YEAR_START:%Y%m%d}T130000",
        f"DTEND;TZID={ZONE}:{YEAR_START:%Y%m%d}T170000",
        "RRULE:FREQ=WEEKLY;COUNT=52",
        f"EXDATE;TZID={ZONE}:{exdates}",
        "SUMMARY:Clinic",
    )
    start = datetime.combine(YEAR_START, clock_time(0), UTC)
    for index in range(52 * events_per_week):
        day = start + timedelta(days=rng.randrange(365))
        kind = rng.random()
        if kind < 0.15:
            begins = day.replace(hour=22)
            event(
                f"call-{seed}-{index}",
                f"DTSTART:{_stamp(begins)}",
                f"DTEND:{_stamp(begins + timedelta(hours=14))}",
                "SUMMARY:Night call",
            )
        elif kind < 0.25:
            event(
                f"or-{seed}-{index}",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{(day + timedelta(days=1)):%Y%m%d}",
                "SUMMARY:OR day",
            )
        else:
            begins = day.replace(hour=rng.randrange(12, 23), minute=rng.choice((0, 30)))
            length = timedelta(minutes=rng.choice((30, 60, 90)))
            event(
                f"meeting-{seed}-{index}",
                f"DTSTART:{_stamp(begins)}",
                f"DTEND:{_stamp(begins + length)}",
                "SUMMARY:Meeting",
            )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


WINDOWS = tuple(Window(day, clock_time(12, 0), clock_time(18, 0)) for day in range(5))


def two_people(feeds: list[str]) -> tuple[Callable[[], object], Callable[[], object]]:
    window = (NOW - CACHE_BEHIND, NOW + CACHE_AHEAD)

    def read_all() -> list[tuple[object, ...]]:
        return [busy_times(text, ZONE, *window) for text in feeds]

    cached = read_all()

    def propose(busy: list[tuple[object, ...]]) -> tuple[datetime, ...]:
        mentor = Attendee(1, ZONE, WINDOWS, tuple(b for part in busy[:3] for b in part))  # type: ignore[misc]
        mentee = Attendee(
            2, "America/Chicago", WINDOWS, tuple(b for part in busy[3:] for b in part)
        )  # type: ignore[misc]
        return propose_slots(SlotRequest((mentor, mentee), NOW))

    slots = propose(cached)
    assert len(slots) == 3, slots
    return read_all, lambda: propose(cached)


def part_one(events_per_week: int, repeat: int) -> None:
    feeds = [year_feed(seed, events_per_week) for seed in range(5)]
    read_all, propose_cached = two_people(feeds)
    window = (NOW - CACHE_BEHIND, NOW + CACHE_AHEAD)
    events = sum(text.count("BEGIN:VEVENT") for text in feeds)
    read = median_ms(read_all, repeat)
    slots = median_ms(propose_cached, repeat)
    both = median_ms(lambda: [read_all(), propose_cached()], repeat)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"five feeds, {events} events over a year ({sum(map(len, feeds)) // 1024} KiB)")
    print(f"  read feeds into busy times ({window[1] - window[0]} window): {read:8.1f} ms")
    print(f"  three slots for two people from cached busy times:   {slots:8.1f} ms  (< 200 ms)")
    print(f"  both together (a cold start):                        {both:8.1f} ms")


def seed(database: Database, people: int) -> list[int]:
    rng = random.Random(7)
    busy = encode_busy(busy_times(year_feed(1, 10), ZONE, NOW - CACHE_BEHIND, NOW + CACHE_AHEAD))
    with database.write() as session:
        rows = [
            Person(workspace_id="TBENCH", user_id=f"U{n:05d}", timezone=ZONE) for n in range(people)
        ]
        session.add_all(rows)
        session.flush()
        ids = [int(row.id or 0) for row in rows]
        for person_id in ids:
            days = rng.sample(range(5), 3)
            windows = [
                Window(day, clock_time(rng.choice((8, 12, 15)), 0), clock_time(18, 0))
                for day in days
            ]
            session.add(MeetingAvailability(person_id=person_id, windows=encode_windows(windows)))
            session.add(
                CalendarFeed(
                    person_id=person_id,
                    url=f"https://cal.example/{person_id}",
                    fetched_at=NOW,
                    busy=busy,
                )
            )
    return ids


def part_two(groups: int, threads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Database(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(database)
        scheduler = JobScheduler(database.url)
        scheduler.start(paused=True)
        clock = FakeClock(NOW)
        register_task(SWEEP_TASK, lambda: 0)
        messenger = RecordingMessenger()
        never_quiet = QuietHours(clock_time(0), clock_time(0), False, "UTC")
        outbox = Outbox(database, clock, messenger, scheduler, never_quiet)
        meetings = Meetings(MeetingsContext(database, clock, outbox, scheduler, QuietRules(), ZONE))
        ids = seed(database, groups * 2)
        events = [
            CoffeeGroupIntroduced(number + 1, (ids[2 * number], ids[2 * number + 1]), NOW)
            for number in range(groups)
        ]
        delivering = _timed_deliveries(outbox)
        started, cpu = time.perf_counter(), time.process_time()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(meetings.coffee_group_introduced, events))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        scheduler.shutdown()
        database.dispose()
    with_times = sum(1 for _, message in messenger.sent if "Pick one" in str(message))
    print(
        f"{groups} coffee introductions (SQLite, {threads} threads): {elapsed:6.2f} s  (< 10 s;"
        f" CPU {cpu:.2f} s, load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"  of which handing the offers to the messenger after each commit (the outbox):"
        f" {sum(delivering):.2f} s"
    )
    print(f"  {len(messenger.sent)} offers delivered, {with_times} with times to pick")


def _timed_deliveries(outbox: Outbox) -> list[float]:
    """Wall time of each after-commit delivery, to tell the outbox's share from the search."""
    spent: list[float] = []
    deliver_chains = outbox.sender.deliver_chains

    def timed(chains: list[list[int]]) -> list[list[Delivery]]:
        started = time.perf_counter()
        try:
            return deliver_chains(chains)
        finally:
            spent.append(time.perf_counter() - started)

    outbox.sender.deliver_chains = timed  # type: ignore[method-assign]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--events-per-week", type=int, default=10)
    parser.add_argument("--groups", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    # Domain events are dispatched on the thread that committed them: for a coffee round,
    # the outbox's delivery threads (OUTBOX_THREADS, 8 by default).
    parser.add_argument("--threads", type=int, default=1)
    arguments = parser.parse_args()
    part_one(arguments.events_per_week, arguments.repeat)
    part_two(arguments.groups, arguments.threads)


if __name__ == "__main__":
    main()

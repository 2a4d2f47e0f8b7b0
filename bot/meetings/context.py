"""What every meetings step shares, and reading people's availability into plain data."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from bot.clock import Clock
from bot.meetings.model import Attendee, Availability, Busy, FeedState, QuietRules, Window
from bot.outbox import Outbox
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.meetings import MeetingRepository
from storage.models import CalendarFeed, MeetingAvailability, Person

# Busy times are kept this far ahead of each read, more than the fortnight slots look at.
CACHE_AHEAD = timedelta(days=28)
CACHE_BEHIND = timedelta(days=1)


@dataclass(frozen=True)
class MeetingsContext:
    database: Database
    clock: Clock
    outbox: Outbox
    scheduler: JobScheduler
    quiet: QuietRules
    default_zone: str


def encode_windows(windows: Sequence[Window]) -> list[list[object]]:
    return [[w.weekday, f"{w.start:%H:%M}", f"{w.end:%H:%M}"] for w in windows]


def decode_windows(rows: Sequence[Sequence[object]]) -> tuple[Window, ...]:
    return tuple(
        Window(int(str(day)), time.fromisoformat(str(start)), time.fromisoformat(str(end)))
        for day, start, end in rows
    )


def encode_busy(busy: Sequence[Busy]) -> list[list[object]]:
    return [[b.start.isoformat(), b.end.isoformat(), b.all_day] for b in busy]


def decode_busy(rows: Sequence[Sequence[object]]) -> tuple[Busy, ...]:
    return tuple(
        Busy(datetime.fromisoformat(str(start)), datetime.fromisoformat(str(end)), bool(all_day))
        for start, end, all_day in rows
    )


def availability_of(row: MeetingAvailability | None, feeds: Sequence[CalendarFeed]) -> Availability:
    states = tuple(FeedState(feed.url, feed.fetched_at, feed.last_error) for feed in feeds)
    if row is None:
        return Availability(feeds=states)
    return Availability(decode_windows(row.windows), row.minutes, row.video_link, states)


def zone_of(person: Person | None, default_zone: str) -> str:
    return (person.timezone if person else None) or default_zone


def attendees(
    repo: MeetingRepository,
    person_ids: Sequence[int],
    default_zone: str,
    people: dict[int, Person] | None = None,
    rows: dict[int, MeetingAvailability] | None = None,
) -> tuple[Attendee, ...]:
    """Everyone's windows, zone and cached busy times, as the slot finder reads them; the
    caller passes ``people`` and availability ``rows`` it read already."""
    people = people if people is not None else repo.people(person_ids)
    busy: dict[int, list[Busy]] = {person_id: [] for person_id in person_ids}
    for feed in repo.feeds(person_ids):
        busy[feed.person_id].extend(decode_busy(feed.busy))
    rows = rows if rows is not None else repo.availabilities(person_ids)
    found = []
    for person_id in person_ids:
        row = rows.get(person_id)
        windows = decode_windows(row.windows) if row else ()
        zone = zone_of(people.get(person_id), default_zone)
        found.append(Attendee(person_id, zone, windows, tuple(busy[person_id])))
    return tuple(found)


def now_utc(clock: Clock) -> datetime:
    return clock.now().astimezone(UTC)

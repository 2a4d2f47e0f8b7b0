"""Finding times that suit everyone: plain data in, a few start times out.

A slot fits a person when it lies inside one of their weekly windows (in their own zone),
outside quiet hours (and weekends, where the program keeps them), clear of every busy
stretch of their calendars, and not on a post-call day: the local day an overnight event
(one that runs past midnight, such as a night on call) ends.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.meetings.model import Attendee, Busy, QuietRules, SlotRequest, Window

STEP = timedelta(minutes=30)
# Nobody is asked to meet in the next few hours: the first slot leaves a working day to plan.
LEAD = timedelta(hours=20)
DEFAULT_WINDOWS = tuple(Window(day, time(9, 0), time(17, 0)) for day in range(5))
_SATURDAY = 5


@dataclass(frozen=True)
class _Person:
    """One attendee as the search reads them: when they could meet, and when they are busy,
    both as sorted UTC stretches, so each candidate costs a few bisections."""

    open_starts: tuple[datetime, ...]
    open_ends: tuple[datetime, ...]
    longest_open: timedelta
    busy_starts: tuple[datetime, ...]
    busy_ends: tuple[datetime, ...]


def _merged(busy: Iterable[Busy]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for stretch in sorted(busy):
        if merged and stretch.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stretch.end))
        else:
            merged.append((stretch.start, stretch.end))
    return merged


def post_call_days(busy: Iterable[Busy], zone: str) -> frozenset[date]:
    """Local days on which an overnight event ends (the day after a night on call)."""
    local = ZoneInfo(zone)
    days: set[date] = set()
    for stretch in busy:
        if stretch.all_day:
            continue
        begins, ends = stretch.start.astimezone(local), stretch.end.astimezone(local)
        if ends.date() > begins.date() and ends.time() != time(0, 0):
            days.add(ends.date())
    return frozenset(days)


def _awake(quiet: QuietRules) -> tuple[tuple[time, time], ...]:
    """The parts of a local day outside quiet hours."""
    if quiet.start > quiet.end:
        return ((quiet.end, quiet.start),)
    if quiet.start < quiet.end:
        return ((time(0, 0), quiet.start), (quiet.end, time.max))
    return ((time(0, 0), time.max),)


def _open_stretches(
    attendee: Attendee, quiet: QuietRules, first: datetime, last: datetime
) -> list[tuple[datetime, datetime]]:
    """Each weekly window on each day of the search, cut to waking hours, in UTC; none on
    post-call days (nor weekends, where the program keeps them)."""
    zone = ZoneInfo(attendee.zone)
    by_day: dict[int, list[Window]] = {}
    for window in attendee.windows or DEFAULT_WINDOWS:
        by_day.setdefault(window.weekday, []).append(window)
    post_call = post_call_days(attendee.busy, attendee.zone)
    stretches = []
    day, final = first.astimezone(zone).date(), last.astimezone(zone).date()
    while day <= final:
        if day not in post_call and not (quiet.weekends and day.weekday() >= _SATURDAY):
            for window in by_day.get(day.weekday(), ()):
                for awake_from, awake_until in _awake(quiet):
                    opens, closes = max(window.start, awake_from), min(window.end, awake_until)
                    if opens < closes:
                        stretches.append(
                            (
                                datetime.combine(day, opens, zone).astimezone(UTC),
                                datetime.combine(day, closes, zone).astimezone(UTC),
                            )
                        )
        day += timedelta(days=1)
    return sorted(stretches)


def _person(attendee: Attendee, quiet: QuietRules, first: datetime, last: datetime) -> _Person:
    stretches = _open_stretches(attendee, quiet, first, last)
    busy = _merged(attendee.busy)
    return _Person(
        tuple(start for start, _ in stretches),
        tuple(end for _, end in stretches),
        max((end - start for start, end in stretches), default=timedelta(0)),
        tuple(start for start, _ in busy),
        tuple(end for _, end in busy),
    )


def _is_open(person: _Person, start: datetime, end: datetime) -> bool:
    # Stretches may overlap (two windows on one day); the slot has to lie inside one of them.
    earliest = bisect_left(person.open_starts, start - person.longest_open)
    latest = bisect_right(person.open_starts, start)
    return any(person.open_ends[index] >= end for index in range(earliest, latest))


def _is_free(person: _Person, start: datetime, end: datetime) -> bool:
    index = bisect_right(person.busy_starts, end) - 1
    # Merged stretches are disjoint and sorted, so only the last one starting before ``end``
    # can overlap the slot.
    return index < 0 or person.busy_ends[index] <= start or person.busy_starts[index] >= end


def _first_candidate(now: datetime) -> datetime:
    earliest = now.astimezone(UTC) + LEAD
    step = int(STEP.total_seconds())
    seconds = -(-int(earliest.timestamp()) // step) * step
    return datetime.fromtimestamp(seconds, UTC)


def _candidates(person: _Person, first: datetime, last: datetime) -> Iterator[datetime]:
    """Start times on the step grid inside this person's open stretches, in order."""
    step = int(STEP.total_seconds())
    for opens, closes in zip(person.open_starts, person.open_ends, strict=True):
        seconds = -(-int(opens.timestamp()) // step) * step
        candidate = max(datetime.fromtimestamp(seconds, UTC), first)
        while candidate < closes and candidate <= last:
            yield candidate
            candidate += STEP


def fitting_slots(request: SlotRequest) -> list[datetime]:
    """Every start time in the next ``days`` days that suits all attendees, earliest first."""
    if not request.attendees:
        return []
    length = timedelta(minutes=request.minutes)
    first = _first_candidate(request.now)
    last = request.now.astimezone(UTC) + timedelta(days=request.days) - length
    people = [_person(attendee, request.quiet, first, last) for attendee in request.attendees]
    found: set[datetime] = set()
    # The first person's open stretches bound the search; everyone is then checked in full.
    for candidate in _candidates(people[0], first, last):
        end = candidate + length
        if all(_is_open(person, candidate, end) for person in people) and all(
            _is_free(person, candidate, end) for person in people
        ):
            found.add(candidate)
    return sorted(found)


def _spread(days: Sequence[list[datetime]], count: int) -> list[datetime]:
    if not days:
        return []
    if len(days) >= count:
        if count == 1:
            return [days[0][0]]
        picks = sorted({round(i * (len(days) - 1) / (count - 1)) for i in range(count)})
        return [days[index][0] for index in picks]
    chosen = [day[0] for day in days]
    extras = [slot for day in days for slot in day[1:] if slot - day[0] >= timedelta(hours=2)]
    return sorted(chosen + extras[: count - len(chosen)])


def propose_slots(request: SlotRequest) -> tuple[datetime, ...]:
    """Up to ``count`` slots that suit everyone, on different days spread over the fortnight.

    Slots offered before are left out, and their days are used only when nothing else fits.
    """
    if not request.attendees:
        return ()
    zone = ZoneInfo(request.attendees[0].zone)
    fresh = [slot for slot in fitting_slots(request) if slot not in request.already_offered]
    used_days = {slot.astimezone(zone).date() for slot in request.already_offered}
    by_day: dict[date, list[datetime]] = {}
    for slot in fresh:
        by_day.setdefault(slot.astimezone(zone).date(), []).append(slot)
    new_days = [slots for day, slots in by_day.items() if day not in used_days]
    picked = _spread(new_days, request.count)
    if len(picked) < request.count:
        others = [slots for day, slots in by_day.items() if day in used_days]
        picked += _spread(others, request.count - len(picked))
    return tuple(sorted(picked))

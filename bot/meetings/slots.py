"""Finding times that suit everyone: plain data in, a few start times out.

A slot fits a person when it lies inside one of their weekly windows (in their own zone),
outside quiet hours (and weekends, where the program keeps them), clear of every busy
stretch of their calendars, and not on a post-call day: the local day an overnight event
(one that runs past midnight, such as a night on call) ends.
"""

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.meetings.model import Attendee, Busy, QuietRules, SlotRequest, Window
from bot.scheduling.quiet_hours import is_quiet

STEP = timedelta(minutes=30)
# Nobody is asked to meet in the next few hours: the first slot leaves a working day to plan.
LEAD = timedelta(hours=20)
DEFAULT_WINDOWS = tuple(Window(day, time(9, 0), time(17, 0)) for day in range(5))
_SATURDAY = 5


@dataclass(frozen=True)
class _Person:
    zone: ZoneInfo
    windows: dict[int, tuple[Window, ...]]
    starts: tuple[datetime, ...]
    ends: tuple[datetime, ...]
    post_call: frozenset[date]


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


def _person(attendee: Attendee) -> _Person:
    windows: dict[int, list[Window]] = {}
    for window in attendee.windows or DEFAULT_WINDOWS:
        windows.setdefault(window.weekday, []).append(window)
    merged = _merged(attendee.busy)
    return _Person(
        ZoneInfo(attendee.zone),
        {day: tuple(items) for day, items in windows.items()},
        tuple(start for start, _ in merged),
        tuple(end for _, end in merged),
        post_call_days(attendee.busy, attendee.zone),
    )


def _is_free(person: _Person, start: datetime, end: datetime) -> bool:
    index = bisect_right(person.starts, end) - 1
    # Merged stretches are disjoint and sorted, so only the last one starting before ``end``
    # can overlap the slot.
    return index < 0 or person.ends[index] <= start or person.starts[index] >= end


def _fits(person: _Person, start: datetime, end: datetime, quiet: QuietRules) -> bool:
    begins, ends = start.astimezone(person.zone), end.astimezone(person.zone)
    last_minute = (end - timedelta(minutes=1)).astimezone(person.zone)
    if begins.date() != last_minute.date() or begins.date() in person.post_call:
        return False
    if quiet.weekends and begins.weekday() >= _SATURDAY:
        return False
    if is_quiet(begins.time(), quiet.start, quiet.end):
        return False
    if is_quiet(last_minute.time(), quiet.start, quiet.end):
        return False
    end_time = ends.time() if ends.date() == begins.date() else time.max
    if not any(
        window.start <= begins.time() and end_time <= window.end
        for window in person.windows.get(begins.weekday(), ())
    ):
        return False
    return _is_free(person, start, end)


def _first_candidate(now: datetime) -> datetime:
    earliest = now.astimezone(UTC) + LEAD
    step = int(STEP.total_seconds())
    seconds = -(-int(earliest.timestamp()) // step) * step
    return datetime.fromtimestamp(seconds, UTC)


def _candidates(person: _Person, first: datetime, last: datetime) -> Iterator[datetime]:
    """Start times on the step grid inside this person's weekly windows, in order."""
    day = first.astimezone(person.zone).date() - timedelta(days=1)
    final = last.astimezone(person.zone).date()
    step = int(STEP.total_seconds())
    while day <= final:
        for window in sorted(person.windows.get(day.weekday(), ())):
            opens = datetime.combine(day, window.start, person.zone).astimezone(UTC)
            seconds = -(-int(opens.timestamp()) // step) * step
            candidate = max(datetime.fromtimestamp(seconds, UTC), first)
            closes = datetime.combine(day, window.end, person.zone).astimezone(UTC)
            while candidate < closes and candidate <= last:
                yield candidate
                candidate += STEP
        day += timedelta(days=1)


def fitting_slots(request: SlotRequest) -> list[datetime]:
    """Every start time in the next ``days`` days that suits all attendees, earliest first."""
    people = [_person(attendee) for attendee in request.attendees]
    if not people:
        return []
    length = timedelta(minutes=request.minutes)
    first = _first_candidate(request.now)
    last = request.now.astimezone(UTC) + timedelta(days=request.days) - length
    found: set[datetime] = set()
    # The first person's windows bound the search; everyone is then checked in full.
    for candidate in _candidates(people[0], first, last):
        end = candidate + length
        if all(_fits(person, candidate, end, request.quiet) for person in people):
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

"""When coffee-chat rounds fall: a weekday and an hour on the program's own wall clock.

Dates are chosen in the program's time zone and only then turned into UTC, so a round at
9:00 stays at 9:00 local time across daylight-saving changes.
"""

from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Cadence = Literal["weekly", "biweekly", "monthly"]
CADENCES: tuple[Cadence, ...] = ("weekly", "biweekly", "monthly")
CADENCE_LABELS: dict[Cadence, str] = {
    "weekly": "Every week",
    "biweekly": "Every two weeks",
    "monthly": "Every month (first of that weekday)",
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Earliest next round after one that ran: a little under the period, so that a round run
# early by hand ("run now") does not put the next one only a day or two later.
_MINIMUM_GAP = {
    "weekly": timedelta(days=4),
    "biweekly": timedelta(days=11),
    "monthly": timedelta(days=14),
}
HALF_CYCLE = {
    "weekly": timedelta(days=3, hours=12),
    "biweekly": timedelta(days=7),
    "monthly": timedelta(days=14),
}
HEADS_UP_BEFORE = timedelta(days=1)


def _is_slot_day(day: date, cadence: Cadence, weekday: int) -> bool:
    return day.weekday() == weekday and (cadence != "monthly" or day.day <= 7)


def first_slot_after(
    moment: datetime, cadence: Cadence, weekday: int, hour: int, zone_name: str
) -> datetime:
    """The first round time strictly after ``moment`` (UTC in, UTC out)."""
    zone = ZoneInfo(zone_name)
    day = moment.astimezone(zone).date()
    for _ in range(80):
        if _is_slot_day(day, cadence, weekday):
            slot = datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)
            if slot > moment:
                return slot
        day += timedelta(days=1)
    raise ValueError("no round time within 80 days")  # unreachable for valid settings


def first_round_at(
    now: datetime, cadence: Cadence, weekday: int, hour: int, zone_name: str
) -> datetime:
    """The first round of a new program: far enough ahead for the day-before heads-up."""
    return first_slot_after(now + HEADS_UP_BEFORE, cadence, weekday, hour, zone_name)


def round_after(
    previous: datetime, now: datetime, cadence: Cadence, weekday: int, hour: int, zone_name: str
) -> datetime:
    """The round after one held at ``previous``, never earlier than a day from ``now``."""
    earliest = max(previous + _MINIMUM_GAP[cadence], now + HEADS_UP_BEFORE)
    return first_slot_after(earliest, cadence, weekday, hour, zone_name)

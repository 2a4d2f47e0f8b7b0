"""Quiet hours: when a message due at some instant may actually be sent to a person."""

import logging
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

_logger = logging.getLogger(__name__)

_SATURDAY = 5
# Each pass either returns or moves the candidate to a later boundary; a handful of passes
# always suffices (quiet hours -> weekend -> quiet hours), the cap only guards against bugs.
_MAX_PASSES = 16


def resolve_zone(tz: str) -> tzinfo:
    """The IANA zone called ``tz``, or UTC when the name is unknown or malformed."""
    try:
        return ZoneInfo(tz)
    except (LookupError, ValueError, OSError):
        _logger.warning("Unknown time zone %r, using UTC", tz)
        return UTC


def is_quiet(local_time: time, quiet_start: time, quiet_end: time) -> bool:
    """Whether a local wall-clock time falls in the quiet window ``[quiet_start, quiet_end)``.

    A window whose start is after its end spans midnight; equal bounds mean no quiet hours.
    """
    moment = local_time.replace(tzinfo=None)
    if quiet_start < quiet_end:
        return quiet_start <= moment < quiet_end
    if quiet_start > quiet_end:
        return moment >= quiet_start or moment < quiet_end
    return False


def next_allowed_send(
    due: datetime,
    tz: str,
    quiet_start: time = time(20, 0),
    quiet_end: time = time(8, 0),
    skip_weekends: bool = False,
) -> datetime:
    """The earliest instant at or after ``due`` when a person in zone ``tz`` may be messaged.

    Returns ``due`` itself when it is already allowed, otherwise an aware UTC datetime at the
    end of the quiet window (the next local morning with the defaults), moved to Monday when
    ``skip_weekends`` is set and the candidate falls on a local Saturday or Sunday. Wall-clock
    arithmetic happens in the person's zone, so DST changes are honoured; an unknown zone
    falls back to UTC.
    """
    if due.tzinfo is None or due.utcoffset() is None:
        raise ValueError("due must be timezone-aware")
    zone = resolve_zone(tz)
    candidate = due
    for _ in range(_MAX_PASSES):
        local = candidate.astimezone(zone)
        if skip_weekends and local.weekday() >= _SATURDAY:
            monday = local.date() + timedelta(days=7 - local.weekday())
            candidate = _instant_at(monday, time(0, 0), zone, not_before=candidate)
        elif is_quiet(local.time(), quiet_start, quiet_end):
            quiet_ends_on = local.date()
            if quiet_start > quiet_end and local.time() >= quiet_start:
                quiet_ends_on += timedelta(days=1)
            candidate = _instant_at(quiet_ends_on, quiet_end, zone, not_before=candidate)
        else:
            return candidate
    raise RuntimeError(f"no allowed send time found after {due.isoformat()} in {tz!r}")


def _instant_at(day: date, wall_time: time, zone: tzinfo, *, not_before: datetime) -> datetime:
    """The UTC instant of a local wall time, taking the later reading of an ambiguous hour
    when the earlier one would lie before ``not_before``."""
    naive = datetime.combine(day, wall_time.replace(tzinfo=None))
    for fold in (0, 1):
        instant = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant > not_before:
            return instant
    # Unreachable for a wall time later than not_before's; stepping on still guarantees progress.
    return not_before + timedelta(minutes=1)

"""Busy times from a calendar feed (ICS): call shifts, clinics, OR days.

Recurring events (RRULE, RDATE, EXDATE, time zones) are expanded by ``recurring-ical-events``;
all-day entries become the whole local day of the feed's owner. Free (TRANSP:TRANSPARENT)
and cancelled entries are not busy.
"""

import logging
import urllib.error
import urllib.request
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from bot.meetings.model import Busy

_logger = logging.getLogger(__name__)

FETCH_TIMEOUT_SECONDS = 10.0
MAX_FEED_BYTES = 5_000_000


class FeedProblem(Exception):
    """A feed that could not be fetched or read; the reason is shown on the profile."""


def _moment(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=zone)
        return aware.astimezone(UTC)
    return datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(UTC)


def busy_times(ics_text: str, zone: str, start: datetime, end: datetime) -> tuple[Busy, ...]:
    """Every busy stretch of the feed overlapping ``[start, end)``, sorted."""
    local = ZoneInfo(zone)
    try:
        calendar = icalendar.Calendar.from_ical(ics_text)
        events = recurring_ical_events.of(calendar).between(start, end)
    except Exception as error:
        raise FeedProblem(f"not a calendar feed ({type(error).__name__})") from None
    busy: set[Busy] = set()
    for event in events:
        if event.name != "VEVENT":
            continue
        if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        first = event.get("DTSTART")
        if first is None:
            continue
        begins = first.dt
        last = event.get("DTEND")
        ends = last.dt if last is not None else None
        all_day = not isinstance(begins, datetime)
        if ends is None:
            ends = begins + (timedelta(days=1) if all_day else timedelta(0))
        stretch = Busy(_moment(begins, local), _moment(ends, local), all_day)
        if stretch.end > stretch.start:
            busy.add(stretch)
    return tuple(sorted(busy))


def fetch_feed(url: str, timeout: float = FETCH_TIMEOUT_SECONDS) -> str:
    """The feed's text; webcal:// is read as https://. Raises FeedProblem with a short reason."""
    address = "https://" + url.removeprefix("webcal://") if url.startswith("webcal://") else url
    if not address.startswith(("https://", "http://")):
        raise FeedProblem("the address must start with https://, http:// or webcal://")
    request = urllib.request.Request(address, headers={"User-Agent": "Rounds calendar reader"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw: bytes = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise FeedProblem(f"the calendar server answered {error.code}") from None
    except TimeoutError:
        raise FeedProblem(f"no answer within {timeout:g} seconds") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise FeedProblem(f"no answer within {timeout:g} seconds") from None
        raise FeedProblem(f"could not reach the calendar ({type(reason).__name__})") from None
    if len(raw) > MAX_FEED_BYTES:
        raise FeedProblem("the feed is larger than 5 MB")
    return raw.decode("utf-8", errors="replace")

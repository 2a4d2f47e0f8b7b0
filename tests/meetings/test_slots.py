"""Busy times read from loopback feeds, and the slots proposed around them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.meetings.calendars import FeedProblem, busy_times, fetch_feed
from bot.meetings.model import Attendee, Busy, QuietRules, SlotRequest
from bot.meetings.slots import fitting_slots, post_call_days, propose_slots
from bot.meetings.windows import WindowProblem, parse_windows, windows_text
from tests.meetings.feeds import FeedServer

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
HORIZON = (NOW - timedelta(days=1), NOW + timedelta(days=28))


def _read(feeds: FeedServer, path: str) -> tuple[Busy, ...]:
    return busy_times(fetch_feed(feeds.url(path)), "America/New_York", *HORIZON)


def _mentor_busy(feeds: FeedServer) -> tuple[Busy, ...]:
    return tuple(b for path in ("/call.ics", "/clinic.ics", "/or.ics") for b in _read(feeds, path))


def _local(moment: datetime) -> datetime:
    return moment.astimezone(NEW_YORK)


def test_overnight_calls_make_the_next_day_post_call(feeds: FeedServer) -> None:
    calls = _read(feeds, "/call.ics")
    assert len(calls) == 2, "the transparent journal club is not busy"
    assert post_call_days(calls, "America/New_York") == {date(2026, 11, 25), date(2026, 12, 1)}


def test_recurring_clinic_keeps_its_local_hours_and_skips_the_exdate(feeds: FeedServer) -> None:
    clinic = _read(feeds, "/clinic.ics")
    starts = [_local(b.start) for b in clinic]
    assert [s.date() for s in starts] == [
        date(2026, 11, 26),
        date(2026, 12, 10),
        date(2026, 12, 17),
    ]
    assert {s.time() for s in starts} == {time(13, 0)}


def test_an_all_day_or_day_is_busy_all_local_day(feeds: FeedServer) -> None:
    (or_day,) = _read(feeds, "/or.ics")
    assert or_day.all_day
    assert _local(or_day.start) == datetime(2026, 11, 27, tzinfo=NEW_YORK)
    assert _local(or_day.end) == datetime(2026, 11, 28, tzinfo=NEW_YORK)


def test_a_feed_that_does_not_answer_times_out(feeds: FeedServer) -> None:
    with pytest.raises(FeedProblem, match="no answer within"):
        fetch_feed(feeds.url("/slow.ics"), timeout=0.3)


def test_a_malformed_or_missing_feed_says_why(feeds: FeedServer) -> None:
    with pytest.raises(FeedProblem, match="not a calendar feed"):
        _read(feeds, "/bad.ics")
    with pytest.raises(FeedProblem, match="answered 404"):
        fetch_feed(feeds.url("/gone.ics"))


def _request(feeds: FeedServer, **changes: object) -> SlotRequest:
    mentor = Attendee(
        1, "America/New_York", parse_windows("Mon-Fri 16:00-18:00"), _mentor_busy(feeds)
    )
    mentee = Attendee(2, "America/Chicago", ())
    return SlotRequest((mentor, mentee), NOW, **changes)  # type: ignore[arg-type]


def test_slots_avoid_call_post_call_clinic_and_the_or_day(feeds: FeedServer) -> None:
    busy = _mentor_busy(feeds)
    slots = fitting_slots(_request(feeds))
    days = {_local(s).date() for s in slots}
    assert date(2026, 11, 25) not in days and date(2026, 12, 1) not in days, "post-call days"
    assert date(2026, 11, 27) not in days, "OR day"
    for slot in slots:
        end = slot + timedelta(minutes=30)
        assert all(end <= b.start or slot >= b.end for b in busy)
        assert time(16, 0) <= _local(slot).time() and _local(end).time() <= time(18, 0)
    thursdays = {
        d: [_local(s).time() for s in slots if _local(s).date() == d]
        for d in (date(2026, 11, 26), date(2026, 12, 3))
    }
    assert thursdays[date(2026, 11, 26)][0] == time(17, 0), "clinic until 17:00"
    assert thursdays[date(2026, 12, 3)][0] == time(16, 0), "that clinic was cancelled"


def test_three_proposals_on_different_days_and_three_more_after_them(feeds: FeedServer) -> None:
    first = propose_slots(_request(feeds))
    assert len(first) == 3
    assert len({_local(s).date() for s in first}) == 3
    spread = _local(first[-1]).date() - _local(first[0]).date()
    assert spread >= timedelta(days=7), "spread over the fortnight"
    more = propose_slots(_request(feeds, already_offered=frozenset(first)))
    assert len(more) == 3 and not set(more) & set(first)
    assert not {_local(s).date() for s in more} & {_local(s).date() for s in first}


def test_each_zone_and_quiet_hours_are_respected() -> None:
    london = Attendee(1, "Europe/London", parse_windows("Mon-Fri 8:00-22:00"))
    new_york = Attendee(2, "America/New_York", parse_windows("Mon-Fri 6:00-12:00"))
    slots = fitting_slots(SlotRequest((london, new_york), NOW, quiet=QuietRules()))
    assert slots
    for slot in slots:
        assert time(8, 0) <= _local(slot).time() and slot.astimezone(
            ZoneInfo("Europe/London")
        ).time() < time(19, 31)
    weekend = fitting_slots(
        SlotRequest(
            (Attendee(1, "UTC", parse_windows("Sat-Sun 10:00-12:00")),),
            NOW,
            quiet=QuietRules(weekends=True),
        )
    )
    assert weekend == []


def test_windows_read_and_written_back() -> None:
    windows = parse_windows("Tue/Thu after 16:00; Mon 7:30-8:00")
    assert windows_text(windows) == "Mon 07:30-08:00; Tue/Thu 16:00-19:00"
    assert parse_windows(windows_text(windows)) == windows
    weekdays = parse_windows("Mon-Wed 12:00-13:00; Fri/Sat-Sun 12:00-13:00")
    assert windows_text(weekdays) == "Mon-Wed/Fri-Sun 12:00-13:00"
    assert parse_windows(windows_text(weekdays)) == weekdays
    with pytest.raises(WindowProblem):
        parse_windows("whenever")
    with pytest.raises(WindowProblem):
        parse_windows("Mon 18:00-17:00")

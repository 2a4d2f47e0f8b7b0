"""Whatever the calendars say, a proposed time fits everyone: a property test."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.model import Attendee, Busy, SlotRequest, Window
from bot.meetings.slots import post_call_days, propose_slots

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ZONES = ("America/New_York", "America/Los_Angeles", "Europe/London", "UTC")

windows = st.lists(
    st.builds(
        lambda day, start, hours: Window(day, time(start), time(min(start + hours, 23))),
        st.integers(0, 6),
        st.integers(8, 18),
        st.integers(1, 5),
    ),
    min_size=1,
    max_size=6,
)
busy = st.lists(
    st.builds(
        lambda hour, length, all_day: Busy(
            NOW + timedelta(hours=hour),
            NOW + timedelta(hours=hour + (24 if all_day else length)),
            all_day,
        ),
        st.integers(0, 14 * 24),
        st.integers(1, 16),
        st.booleans(),
    ),
    max_size=30,
)
people = st.lists(
    st.builds(lambda zone, w, b: (zone, tuple(w), tuple(b)), st.sampled_from(ZONES), windows, busy),
    min_size=2,
    max_size=4,
)


@given(people)
def test_every_proposed_time_fits_every_person(found: list[tuple[str, tuple, tuple]]) -> None:
    attendees = tuple(Attendee(i, zone, w, b) for i, (zone, w, b) in enumerate(found))
    slots = propose_slots(SlotRequest(attendees, NOW))

    assert len(slots) <= 3 and list(slots) == sorted(set(slots))
    for start in slots:
        end = start + timedelta(minutes=30)
        assert NOW + timedelta(hours=20) <= start and end <= NOW + timedelta(days=14)
        for person in attendees:
            local, zone = start.astimezone(ZoneInfo(person.zone)), ZoneInfo(person.zone)
            assert all(end <= b.start or start >= b.end for b in person.busy)
            assert local.date() not in post_call_days(person.busy, person.zone)
            assert any(
                w.weekday == local.weekday()
                and w.start <= local.time()
                and end.astimezone(zone).time() <= w.end
                for w in person.windows
            )
            assert time(8, 0) <= local.time() and end.astimezone(zone).time() <= time(20, 0)

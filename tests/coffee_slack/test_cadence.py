from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coffee.cadence import CADENCES, Cadence, first_round_at, round_after

NEW_YORK = "America/New_York"


def test_a_weekly_round_stays_at_nine_local_across_the_end_of_daylight_saving() -> None:
    before = datetime(2026, 10, 28, 13, 0, tzinfo=UTC)  # Wednesday 9:00 EDT

    after = round_after(before, before, "weekly", 2, 9, NEW_YORK)

    assert after == datetime(2026, 11, 4, 14, 0, tzinfo=UTC)  # Wednesday 9:00 EST


def test_monthly_rounds_fall_on_the_first_such_weekday_of_the_month() -> None:
    start = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)

    first = first_round_at(start, "monthly", 1, 9, NEW_YORK)
    second = round_after(first, first, "monthly", 1, 9, NEW_YORK)

    assert first.astimezone(ZoneInfo(NEW_YORK)).date().isoformat() == "2026-12-01"
    assert second.astimezone(ZoneInfo(NEW_YORK)).date().isoformat() == "2027-01-05"


def test_a_round_run_early_by_hand_does_not_pull_the_next_one_close() -> None:
    monday = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)

    following = round_after(monday, monday, "weekly", 1, 9, NEW_YORK)

    assert following.astimezone(ZoneInfo(NEW_YORK)).date().isoformat() == "2026-12-01"


@settings(max_examples=60)
@given(
    cadence=st.sampled_from(CADENCES),
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    zone=st.sampled_from([NEW_YORK, "Europe/London", "Australia/Sydney", "UTC"]),
    start=st.datetimes(datetime(2026, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
)
def test_rounds_fall_on_the_chosen_weekday_and_hour_at_least_a_day_ahead(
    cadence: Cadence, weekday: int, hour: int, zone: str, start: datetime
) -> None:
    first = first_round_at(start, cadence, weekday, hour, zone)
    second = round_after(first, first, cadence, weekday, hour, zone)

    for moment in (first, second):
        local = moment.astimezone(ZoneInfo(zone))
        assert local.weekday() == weekday
        assert local.hour in (hour, hour + 1)  # +1 only inside a spring-forward gap
    assert first >= start + timedelta(days=1)
    assert timedelta(days=4) <= second - first <= timedelta(days=42)

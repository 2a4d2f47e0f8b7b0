from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.scheduling.quiet_hours import is_quiet, next_allowed_send, resolve_zone

ZONES = [
    "UTC",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "America/Santiago",
    "Europe/Paris",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Not/AZone",
    "",
]

instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31), timezones=st.just(UTC)
)
times = st.times()


def _is_allowed(moment: datetime, tz: str, start: time, end: time, skip_weekends: bool) -> bool:
    local = moment.astimezone(resolve_zone(tz))
    weekend = skip_weekends and local.weekday() >= 5
    return not weekend and not is_quiet(local.time(), start, end)


@settings(max_examples=400, deadline=None)
@given(
    due=instants,
    tz=st.sampled_from(ZONES),
    start=times,
    end=times,
    skip_weekends=st.booleans(),
)
def test_result_is_allowed_not_earlier_and_stable(
    due: datetime, tz: str, start: time, end: time, skip_weekends: bool
) -> None:
    sent = next_allowed_send(due, tz, start, end, skip_weekends)
    assert sent >= due
    assert _is_allowed(sent, tz, start, end, skip_weekends)
    assert next_allowed_send(sent, tz, start, end, skip_weekends) == sent
    if _is_allowed(due, tz, start, end, skip_weekends):
        assert sent == due


@settings(max_examples=200, deadline=None)
@given(due=instants, tz=st.text(max_size=30))
def test_any_zone_text_gives_an_allowed_time(due: datetime, tz: str) -> None:
    sent = next_allowed_send(due, tz)
    assert sent >= due
    assert _is_allowed(sent, tz, time(20, 0), time(8, 0), False)


def test_evening_message_waits_for_local_morning() -> None:
    due = datetime(2025, 3, 4, 2, 0, tzinfo=UTC)  # 21:00 in New York (EST)
    assert next_allowed_send(due, "America/New_York") == datetime(2025, 3, 4, 13, 0, tzinfo=UTC)


def test_daytime_message_goes_out_unchanged() -> None:
    due = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)  # 10:00 in New York
    assert next_allowed_send(due, "America/New_York") is due


def test_morning_after_spring_forward_uses_summer_offset() -> None:
    due = datetime(2025, 3, 9, 5, 0, tzinfo=UTC)  # 00:00 EST, clocks jump at 02:00
    assert next_allowed_send(due, "America/New_York") == datetime(2025, 3, 9, 12, 0, tzinfo=UTC)


def test_friday_evening_waits_until_monday_when_weekends_are_skipped() -> None:
    friday_evening = datetime(2025, 6, 6, 19, 0, tzinfo=UTC)  # 21:00 in Paris
    monday_morning = datetime(2025, 6, 9, 6, 0, tzinfo=UTC)  # 08:00 in Paris
    assert next_allowed_send(friday_evening, "Europe/Paris", skip_weekends=True) == monday_morning
    saturday_noon = friday_evening + timedelta(hours=17)
    assert next_allowed_send(saturday_noon, "Europe/Paris") == saturday_noon


def test_unknown_zone_is_treated_as_utc() -> None:
    due = datetime(2025, 1, 1, 22, 0, tzinfo=UTC)
    assert next_allowed_send(due, "Mars/Olympus") == datetime(2025, 1, 2, 8, 0, tzinfo=UTC)


def test_daytime_quiet_window() -> None:
    due = datetime(2025, 1, 1, 12, 30, tzinfo=UTC)
    assert next_allowed_send(due, "UTC", time(12, 0), time(13, 0)) == datetime(
        2025, 1, 1, 13, 0, tzinfo=UTC
    )


def test_naive_due_is_rejected() -> None:
    with pytest.raises(ValueError):
        next_allowed_send(datetime(2025, 1, 1, 12, 0), "UTC")

from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.settings import SettingsError, load_settings
from handlers.slack.pacing import Pacer, Rate


@settings(max_examples=30)
@given(
    per_second=st.floats(1, 100),
    burst=st.integers(1, 10),
    calls=st.integers(1, 60),
)
def test_paced_calls_never_exceed_the_rate_and_burst(
    per_second: float, burst: int, calls: int
) -> None:
    now = [0.0]
    pacer = Pacer({"m": (Rate(per_second, burst),)}, now=lambda: now[0], sleep=lambda _: None)

    starts = [pacer.wait("m") for _ in range(calls)]

    for index, start in enumerate(starts):
        allowed_by_then = burst + start * per_second
        assert index + 1 <= allowed_by_then + 1e-6


def test_per_conversation_limits_do_not_hold_up_other_conversations() -> None:
    pacer = Pacer(
        {"chat.postMessage": (Rate(1.0, burst=1, per_channel=True),)},
        now=lambda: 0.0,
        sleep=lambda _: None,
    )

    assert pacer.wait("chat.postMessage", "D1") == 0
    assert pacer.wait("chat.postMessage", "D2") == 0
    assert pacer.wait("chat.postMessage", "D1") == pytest.approx(1.0)


def test_quiet_hours_settings_read_clock_times_and_explain_mistakes() -> None:
    base = {"_env_file": None, "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}

    configured = load_settings(**base, QUIET_HOURS_START="21:30", QUIET_WEEKENDS="true")
    assert (time(21, 30), time(8)) == (configured.QUIET_HOURS_START, configured.QUIET_HOURS_END)
    assert configured.QUIET_WEEKENDS and configured.DID_YOU_MEET_AFTER_DAYS == 4
    with pytest.raises(SettingsError, match="QUIET_HOURS_END is not valid: it must be a time"):
        load_settings(**base, QUIET_HOURS_END="8am")
    with pytest.raises(SettingsError, match="DID_YOU_MEET_AFTER_DAYS"):
        load_settings(**base, DID_YOU_MEET_AFTER_DAYS="0")

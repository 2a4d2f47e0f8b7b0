"""A mentor is nudged in their own working hours; the mentee hears back at once."""

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.mentoring.conftest import ORGANIZER, populate
from tests.mentoring.journey import ask, dm_texts, last_dm, press, ref, replies_to_presses

GOAL = "help with fellowship applications in peds cards"
# 18:00 UTC on a Tuesday: 13:00 for the mentee in New York, 03:00 for the mentor in Tokyo.
TOKYO_NIGHT = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
TOKYO_MORNING = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)


def test_a_nudge_at_three_in_the_morning_waits_until_quiet_hours_end() -> None:
    clock = FakeClock(TOKYO_NIGHT)
    with LocalRounds(clock=clock, organizers=(ORGANIZER,)) as rounds:
        populate(rounds)
        rounds.services.people.remember(ref("U0KIM"), "Grace Kim", "Asia/Tokyo")

        ask(rounds, "U0ANA", GOAL)
        press(rounds, "U0ANA", last_dm(rounds, "U0ANA"), "request.best")

        assert "Your request was sent to @Grace Kim" in replies_to_presses(rounds)[-1]
        assert rounds.fake.direct_messages("U0KIM") == []

        rounds.advance(TOKYO_MORNING - TOKYO_NIGHT - timedelta(minutes=1))
        assert rounds.fake.direct_messages("U0KIM") == []

        rounds.advance(timedelta(minutes=1))
        nudges = dm_texts(rounds, "U0KIM")
        assert len(nudges) == 1 and "A mentoring request" in nudges[0]
        assert rounds.fake.block_errors == []


def test_a_nudge_still_waiting_is_never_sent_once_the_mentee_is_forgotten() -> None:
    clock = FakeClock(TOKYO_NIGHT)
    with LocalRounds(clock=clock, organizers=(ORGANIZER,)) as rounds:
        populate(rounds)
        rounds.services.people.remember(ref("U0KIM"), "Grace Kim", "Asia/Tokyo")
        ask(rounds, "U0ANA", GOAL)
        press(rounds, "U0ANA", last_dm(rounds, "U0ANA"), "request.best")

        rounds.command("U0ANA", "/mentor", "forget-me")
        rounds.slack.click("U0ANA", "privacy.forget.confirm", "U0ANA")
        rounds.settle()
        rounds.advance(timedelta(days=1))

        assert rounds.fake.direct_messages("U0KIM") == []

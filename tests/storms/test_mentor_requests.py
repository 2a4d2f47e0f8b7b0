"""A /mentor request carried through 30-second storms of 429s and of 500s from Slack."""

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.conftest import MONDAY_MORNING, ORGANIZER, populate
from tests.mentoring.journey import ask, dm_texts, last_dm, press, replies_to_presses
from tests.storms.weather import STORM, weather

GOAL = "help with fellowship applications in peds cards"


@pytest.mark.parametrize("status", [429, 500])
def test_a_request_through_a_storm_loses_no_message_and_doubles_none(
    status: int, retry_waits: list[float]
) -> None:
    clock = FakeClock(MONDAY_MORNING)
    with LocalRounds(clock=clock, organizers=(ORGANIZER,)) as rounds:
        populate(rounds)

        with weather(rounds, status):
            ask(rounds, "U0ANA", GOAL)
        assert [t for t in dm_texts(rounds, "U0ANA") if "Mentors who fit" in t] != []

        with weather(rounds, status):
            press(rounds, "U0ANA", last_dm(rounds, "U0ANA"), "request.best")
        with weather(rounds, status):
            press(rounds, "U0KIM", last_dm(rounds, "U0KIM"), "nudge.accept")

        ana, kim = dm_texts(rounds, "U0ANA"), dm_texts(rounds, "U0KIM")
        assert _count(ana, "Mentors who fit your request") == 1
        assert _count(ana, "Your request was sent to @Grace Kim") == 0
        assert _count(replies_to_presses(rounds), "Your request was sent to @Grace Kim") == 1
        assert _count(kim, "A mentoring request") == 1
        intros = [
            c
            for c in rounds.fake.calls_to("chat.postMessage")
            if str(c.args["channel"]).startswith("G")
        ]
        assert len(intros) == 1 and "Meet your mentoring match" in call_text(intros[0])
        assert sum(rounds.fake.stormed.values()) > 0
        assert rounds.fake.block_errors == []


def _count(texts: list[str], needle: str) -> int:
    return sum(needle in text for text in texts)


def test_the_storm_lasts_thirty_seconds_of_the_services_clock() -> None:
    assert timedelta(seconds=30) == STORM

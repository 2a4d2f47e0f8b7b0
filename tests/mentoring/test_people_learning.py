"""Rounds learns each person's name and time zone from Slack the first time it sees them."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.mentoring.conftest import ORGANIZER, populate
from tests.mentoring.journey import ask, dm_texts, last_dm, press, ref

GOAL = "help with fellowship applications in peds cards"
TOKYO = ZoneInfo("Asia/Tokyo")
# 09:00 on a Monday in New York, which is 23:00 in Tokyo.
NEW_YORK_MORNING = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def test_a_resident_in_tokyo_who_only_types_mentor_is_asked_in_their_own_morning() -> None:
    with LocalRounds(clock=FakeClock(NEW_YORK_MORNING), organizers=(ORGANIZER,)) as rounds:
        populate(rounds)
        rounds.add_user("U0AKI", "Aki Tanaka", tz="Asia/Tokyo")

        rounds.command("U0AKI", "/mentor", GOAL)
        ask(rounds, "U0AKI", GOAL)
        press(rounds, "U0AKI", last_dm(rounds, "U0AKI"), "request.best")
        press(rounds, "U0KIM", last_dm(rounds, "U0KIM"), "nudge.accept")

        learned = rounds.services.people.find(ref("U0AKI"))
        assert learned is not None
        assert (learned.display_name, learned.timezone) == ("Aki Tanaka", "Asia/Tokyo")
        assert len(rounds.fake.calls_to("users.info")) == 1

        rounds.advance(timedelta(days=4))
        assert not any("Did you meet" in text for text in dm_texts(rounds, "U0AKI"))

        seen = len(rounds.fake.direct_messages("U0AKI"))
        while not any("Did you meet" in text for text in dm_texts(rounds, "U0AKI")[seen:]):
            rounds.advance(timedelta(minutes=30))
        local = rounds.services.clock.now().astimezone(TOKYO)
        assert local.hour in (8, 9), local
        assert rounds.fake.block_errors == []


def test_a_new_time_zone_in_slack_reaches_rounds(journey: LocalRounds) -> None:
    journey.slack.event(
        {
            "type": "user_change",
            "user": {
                "id": "U0ANA",
                "team_id": ref("U0ANA").workspace_id,
                "real_name": "Ana Ruiz",
                "tz": "Europe/Lisbon",
                "profile": {"display_name": "Ana R.", "real_name": "Ana Ruiz"},
            },
        }
    )
    journey.settle()

    ana = journey.services.people.find(ref("U0ANA"))
    assert ana is not None and (ana.display_name, ana.timezone) == ("Ana R.", "Europe/Lisbon")


def test_a_change_for_someone_rounds_never_met_records_nobody(journey: LocalRounds) -> None:
    journey.slack.event(
        {"type": "user_change", "user": {"id": "U0STRANGER", "tz": "Asia/Tokyo", "profile": {}}}
    )
    journey.settle()

    assert journey.services.people.find(ref("U0STRANGER")) is None
    assert journey.fake.calls_to("users.info") == []


def test_a_look_up_slack_refuses_is_tried_again_on_the_next_request(journey: LocalRounds) -> None:
    journey.add_user("U0AKI", "Aki Tanaka", tz="Asia/Tokyo")
    journey.fake.fail("users.info", "internal_error")

    journey.command("U0AKI", "/mentor", "tips")
    journey.command("U0AKI", "/mentor", "tips")
    journey.command("U0AKI", "/mentor", "tips")

    aki = journey.services.people.find(ref("U0AKI"))
    assert aki is not None and aki.timezone == "Asia/Tokyo"
    # The fake records answered calls only: the refused one, then one that answered.
    assert len(journey.fake.calls_to("users.info")) == 1

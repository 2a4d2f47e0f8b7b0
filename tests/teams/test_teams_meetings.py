"""The same journey in Teams: a mentor with a call schedule accepts, both get three times as a
card, the mentee picks, both get the invite as an attachment, a reschedule sends an update,
and "Did you meet?" comes after the chat."""

import base64
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bot.meetings import AvailabilityForm
from bot.meetings.messages import PICK_ACTION
from devtools.teams.harness import LocalTeams, actions_in
from tests.meetings.feeds import FeedServer, feed_server
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney

GOAL = "help with fellowship applications in peds cards"
NEW_YORK = ZoneInfo("America/New_York")
POST_CALL = {date(2026, 11, 25), date(2026, 12, 1)}


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    with feed_server() as server:
        yield server


def picks(card: dict[str, object]) -> list[datetime]:
    return [
        datetime.fromisoformat(str(action["data"]["value"]).split(":", 2)[2])  # type: ignore[index]
        for action in actions_in(card["body"] + card.get("actions", []))  # type: ignore[operator]
        if str(action.get("verb", "")).startswith(PICK_ACTION)
    ]


def offer_cards(teams: LocalTeams, key: str) -> list[dict[str, object]]:
    return [card for card in teams.cards(key) if "chat with" in str(card)]


def invites(teams: LocalTeams, key: str) -> list[icalendar.Calendar]:
    found = []
    for posted in teams.received(key):
        for attachment in posted.activity.get("attachments") or []:
            if attachment.get("contentType") == "text/calendar":
                raw = str(attachment["contentUrl"]).split(",", 1)[1]
                found.append(icalendar.Calendar.from_ical(base64.b64decode(raw)))
    return found


def updates_to(teams: LocalTeams, key: str) -> list[str]:
    """The cards rewritten in place in the person's chat with Rounds."""
    chat = teams.users[key].personal_chat
    return [str(p.cards) for p in teams.connector.updates_in(chat)]


def introduce(teams: LocalTeams) -> dict[str, object]:
    TeamsJourney(teams).ask("ana", GOAL)
    teams.press("ana", teams.last_card("ana"), "request.best")
    teams.press("kim", teams.last_card("kim"), "nudge.accept")
    teams.settle()
    (offer,) = offer_cards(teams, "ana")
    return offer


def test_teams_mentor_with_a_call_feed_to_invite_reschedule_and_did_you_meet(
    teams: LocalTeams, feeds: FeedServer
) -> None:
    populate(TeamsJourney(teams))
    teams.services.meetings.save_availability(
        teams.users["kim"].ref,
        AvailabilityForm(
            "Mon-Fri 16:00-18:00",
            30,
            "https://teams.example/meet/1",
            (feeds.url("/call.ics"), feeds.url("/or.ics")),
        ),
    )
    teams.run_due()
    TeamsJourney(teams).ask("ana", GOAL)
    teams.press("ana", teams.last_card("ana"), "request.best")
    teams.press("kim", teams.last_card("kim"), "nudge.accept")
    teams.settle()

    (offer,) = offer_cards(teams, "ana")
    times = picks(offer)
    assert len(times) == 3 and picks(offer_cards(teams, "kim")[0]) == []
    days = {t.astimezone(NEW_YORK).date() for t in times}
    assert len(days) == 3 and not days & POST_CALL and date(2026, 11, 27) not in days

    teams.press("ana", offer, f"{PICK_ACTION}0")
    teams.settle()
    (to_ana,), (to_kim,) = invites(teams, "ana"), invites(teams, "kim")
    event = to_ana.walk("VEVENT")[0]
    assert str(to_kim.walk("VEVENT")[0]["UID"]) == str(event["UID"])
    assert event.decoded("DTSTART") == times[0] and int(event["SEQUENCE"]) == 0
    assert str(event["LOCATION"]) == "https://teams.example/meet/1"
    booked = next(card for card in teams.cards("kim") if "Booked" in str(card))

    teams.press("kim", booked, "meeting.reschedule")
    teams.settle()
    assert any("Rescheduling" in text for text in updates_to(teams, "ana")), "her copy too"
    new_offer = offer_cards(teams, "ana")[-1]
    later = picks(new_offer)[-1]
    assert later - teams.services.clock.now() > timedelta(days=5), "past the usual ask"
    teams.press("ana", new_offer, f"{PICK_ACTION}{len(picks(new_offer)) - 1}")
    teams.settle()
    moved = invites(teams, "kim")[-1].walk("VEVENT")[0]
    assert str(moved["UID"]) == str(event["UID"]) and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == later
    for key in ("ana", "kim"):
        moved_copies = [text for text in updates_to(teams, key) if "Moved to" in text]
        assert moved_copies, "the old time's copy shows the new one"

    teams.advance(later + timedelta(minutes=30) - teams.services.clock.now())
    assert not any("Did you meet" in text for text in teams.texts("ana"))
    teams.advance(timedelta(hours=2))
    assert any("Did you meet" in text for text in teams.texts("ana"))


def test_teams_mentee_proposes_a_time_in_her_zone_and_it_is_booked(teams: LocalTeams) -> None:
    populate(TeamsJourney(teams))
    offer = introduce(teams)

    answer = teams.press("ana", offer, "meeting.propose", {"day": "2026-11-27", "at": "12:30"})
    teams.settle()

    assert "Booked for" in str(answer)
    (invite,) = invites(teams, "ana")
    start = invite.walk("VEVENT")[0].decoded("DTSTART")
    assert start == datetime(2026, 11, 27, 12, 30, tzinfo=NEW_YORK)
    assert any("Booked" in text for text in teams.texts("kim")), "the mentor hears the time"


def test_teams_only_the_pair_books_once_and_a_cancel_reaches_both_calendars(
    teams: LocalTeams,
) -> None:
    populate(TeamsJourney(teams))
    offer = introduce(teams)

    refused = teams.press("lee", offer, f"{PICK_ACTION}0")
    assert "people in that introduction" in str(refused)
    teams.press("ana", offer, f"{PICK_ACTION}0")
    teams.press("ana", offer, f"{PICK_ACTION}0")
    teams.settle()
    assert len(invites(teams, "ana")) == len(invites(teams, "kim")) == 1, "once each"
    assert any("Booked" in text for text in updates_to(teams, "kim")), "his offer now reads"

    booked = next(card for card in teams.cards("ana") if "Reschedule" in str(card))
    teams.press("ana", booked, "meeting.cancel")
    teams.settle()
    for key in ("ana", "kim"):
        cancel = invites(teams, key)[-1]
        assert str(cancel["METHOD"]) == "CANCEL"
        assert int(cancel.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert any("Cancelled" in text for text in updates_to(teams, "kim")), "his copy of the time"
    teams.advance(timedelta(days=15))
    assert not any("Did you meet" in text for text in teams.texts("ana") + teams.texts("kim"))

"""Cancelling, coffee groups that book once everyone picks the same time, own proposals."""

from datetime import timedelta

from sqlmodel import select

from bot.domain import CoffeeGroupIntroduced
from bot.meetings.messages import PICK_ACTION
from bot.reports.build import build_report
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Prompt
from storage.people import PersonRepository
from tests.meetings.test_slack_journey import (
    accept_introduction,
    invites,
    offer_times,
    offers_to,
)
from tests.mentoring.journey import button, dm_texts, names, press, ref

GROUP = ("U0ANA", "U0BEN", "U0LEE")


def person_ids(rounds: LocalRounds, *user_ids: str) -> tuple[int, ...]:
    with rounds.services.database.read() as session:
        people = PersonRepository(session)
        found = [people.find(ref(user_id)) for user_id in user_ids]
        return tuple(int(person.id or 0) for person in found if person is not None)


def test_cancel_sends_a_cancellation_for_the_same_calendar_entry(journey: LocalRounds) -> None:
    accept_introduction(journey)
    (offer,) = offers_to(journey, "U0ANA")
    press(journey, "U0ANA", offer, f"{PICK_ACTION}1")
    booked = next(
        c
        for c in journey.fake.messages_in(journey.fake.conversation_with("U0ANA", "U0KIM"))
        if "Booked" in call_text(c)
    )

    press(journey, "U0ANA", booked, "meeting.cancel")

    request, cancel = invites(journey)[0], invites(journey)[-1]
    event, cancelled = request.walk("VEVENT")[0], cancel.walk("VEVENT")[0]
    assert str(cancel["METHOD"]) == "CANCEL" and str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["UID"]) == str(event["UID"])
    assert int(cancelled["SEQUENCE"]) == int(event["SEQUENCE"]) + 1
    assert cancelled.walk("VALARM") == []
    assert len(invites(journey)) == 4, "a request and a cancellation for each"
    press(journey, "U0ANA", booked, "meeting.reschedule")
    assert "was cancelled" in call_text(journey.fake.calls_to("response_url")[-1])
    journey.advance(max(offer_times(offer)) - journey.services.clock.now() + timedelta(days=15))
    for user_id in ("U0ANA", "U0KIM"):
        assert not any("did you meet" in text.lower() for text in dm_texts(journey, user_id))


def test_a_coffee_group_books_when_everyone_picks_the_same_time(journey: LocalRounds) -> None:
    ids = person_ids(journey, *GROUP)
    event = CoffeeGroupIntroduced(9001, ids, journey.services.clock.now() + timedelta(days=7))
    journey.services.meetings.coffee_group_introduced(event)
    journey.services.meetings.coffee_group_introduced(event)
    offers = {user: offers_to(journey, user) for user in GROUP}
    assert all(len(found) == 1 for found in offers.values()), "once, however often it is told"
    assert all(len(offer_times(found[0])) == 3 for found in offers.values())
    text = call_text(offers["U0ANA"][0], names(journey))
    assert "@Ben Okafor" in text and "@Sam Lee" in text

    press(journey, "U0ANA", offers["U0ANA"][0], f"{PICK_ACTION}0")
    press(journey, "U0BEN", offers["U0BEN"][0], f"{PICK_ACTION}1")
    assert invites(journey) == []
    noted = journey.fake.calls_to("response_url")[-1]
    assert "You picked" in call_text(noted) and "once everyone has picked" in call_text(noted)
    assert offer_times(noted) == offer_times(offers["U0BEN"][0]), "he can still change it"
    press(journey, "U0BEN", offers["U0BEN"][0], f"{PICK_ACTION}0", button(noted, f"{PICK_ACTION}0"))
    assert invites(journey) == []
    press(journey, "U0LEE", offers["U0LEE"][0], f"{PICK_ACTION}0")

    assert len(invites(journey)) == 3
    attendees = invites(journey)[0].walk("VEVENT")[0].get("ATTENDEE")
    assert len(attendees) == 3
    ends = offer_times(offers["U0ANA"][0])[0] + timedelta(minutes=30)
    with journey.services.database.read() as session:
        asks = session.exec(
            select(Prompt).where(Prompt.kind == "did_you_meet", Prompt.subject_id == 9001)
        ).all()
    assert sorted(p.person_id for p in asks) == sorted(ids)
    assert all(p.due_at > ends for p in asks), "asked once the chat is over"


def test_a_mentee_proposing_a_time_books_it(journey: LocalRounds) -> None:
    accept_introduction(journey)
    (offer,) = offers_to(journey, "U0ANA")
    press(journey, "U0ANA", offer, "meeting.propose", button(offer, "meeting.propose"))
    modal = journey.fake.calls_to("views.open")[-1].args["view"]
    when = journey.services.clock.now() + timedelta(days=3, hours=2)

    answer = journey.slack.submit_view(
        "U0ANA",
        modal["callback_id"],
        {"when": {"when": {"selected_date_time": int(when.timestamp())}}},
        private_metadata=modal["private_metadata"],
    )
    journey.settle()

    assert answer.json()["response_action"] == "update"
    (invite, _) = invites(journey)
    assert invite.walk("VEVENT")[0].decoded("DTSTART") == when.replace(microsecond=0)


def test_the_report_counts_booked_introductions_and_days_to_meeting(journey: LocalRounds) -> None:
    accept_introduction(journey)
    (offer,) = offers_to(journey, "U0ANA")
    picked = offer_times(offer)[1]
    press(journey, "U0ANA", offer, f"{PICK_ACTION}1")
    ids = person_ids(journey, "U0BEN", "U0LEE")
    now = journey.services.clock.now()
    journey.services.meetings.coffee_group_introduced(CoffeeGroupIntroduced(77, ids, now))
    since, until = now - timedelta(days=1), now + timedelta(days=1)

    whole = build_report(journey.services.database, since, until)
    ours = build_report(journey.services.database, since, until, workspace_id=FAKE_TEAM)
    elsewhere = build_report(journey.services.database, since, until, workspace_id="TOTHER")

    for report in (whole, ours):
        section = next(s for s in report.sections if s.title == "Times booked")
        figures = dict(section.figures)
        assert figures["Introductions that booked a time"] == "1 of 2"
        days = round((picked - now).total_seconds() / 86400, 1)
        assert figures["Median days from introduction to meeting"] == f"{days:g}"
    assert all(s.title != "Times booked" for s in elsewhere.sections), "another workspace's"


def test_a_mentors_own_time_goes_to_the_mentee_to_pick(journey: LocalRounds) -> None:
    accept_introduction(journey)
    (first,) = offers_to(journey, "U0ANA")
    when = journey.services.clock.now() + timedelta(days=4, hours=1)
    journey.slack.submit_view(
        "U0KIM",
        "meeting_propose",
        {"when": {"when": {"selected_date_time": int(when.timestamp())}}},
        private_metadata=button(first, "meeting.propose"),
    )
    journey.settle()

    offer = offers_to(journey, "U0ANA")[-1]
    assert offer_times(offer) == [when.replace(microsecond=0)]
    assert "replaced by newer ones" in call_text(journey.fake.as_now(first))
    press(journey, "U0ANA", offer, f"{PICK_ACTION}0")
    assert len(invites(journey)) == 2

"""Through the real Slack app: a mentor with a call schedule accepts, both get three times
that avoid call and post-call days, each in their own zone, the mentee picks, invites arrive,
a reschedule updates them, and "Did you meet?" waits until after the chat."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from bot.meetings.messages import PICK_ACTION, slot_label
from devtools.slack.fake_api import Call
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.meetings.feeds import FeedServer
from tests.mentoring.journey import ask, button, dm_texts, last_dm, names, press, ref

GOAL = "help with fellowship applications in peds cards"
NEW_YORK = ZoneInfo("America/New_York")
LOS_ANGELES = "America/Los_Angeles"
POST_CALL = {date(2026, 11, 25), date(2026, 12, 1)}
VIDEO = "https://zoom.example/j/123"


def set_availability(rounds: LocalRounds, user_id: str, feed_urls: list[str]) -> None:
    rounds.slack.submit_view(
        user_id,
        "profile_form",
        {
            "roles": {"roles": {"selected_options": [{"value": "mentor"}]}},
            "career_stage": {"career_stage": {"selected_option": {"value": "attending"}}},
            "specialty": {"specialty": {"selected_option": {"value": "pediatric_cardiology"}}},
            "topics": {"topics": {"selected_options": [{"value": "fellowship_applications"}]}},
            "about": {"about": {"value": "Fellowship applications in pediatric cardiology"}},
            "capacity": {"capacity": {"value": "2"}},
            "meeting_windows": {"meeting_windows": {"value": "Mon-Fri 16:00-18:00"}},
            "meeting_minutes": {"meeting_minutes": {"selected_option": {"value": "30"}}},
            "video_link": {"video_link": {"value": VIDEO}},
            "calendar_feeds": {"calendar_feeds": {"value": "\n".join(feed_urls)}},
        },
    )
    rounds.settle()
    rounds.run_due()


def offer_times(call: Call) -> list[datetime]:
    starts = []
    for block in call.args.get("blocks", []):
        for element in block.get("elements", []):
            if str(element.get("action_id", "")).startswith(PICK_ACTION):
                starts.append(datetime.fromisoformat(element["value"].split(":", 2)[2]))
    return starts


def pick_labels(call: Call) -> list[str]:
    return [
        str(element["text"]["text"])
        for block in call.args.get("blocks", [])
        for element in block.get("elements", [])
        if str(element.get("action_id", "")).startswith(PICK_ACTION)
    ]


def move_to(rounds: LocalRounds, user_id: str, name: str, zone: str) -> None:
    rounds.add_user(user_id, name, tz=zone)
    rounds.services.people.remember(ref(user_id), name, zone)


def offers_to(rounds: LocalRounds, user_id: str) -> list[Call]:
    return [c for c in rounds.fake.direct_messages(user_id) if "chat with" in call_text(c)]


def invites(rounds: LocalRounds) -> list[icalendar.Calendar]:
    return [
        icalendar.Calendar.from_ical(f.content)
        for f in rounds.fake.uploaded_files()
        if f.filename.endswith(".ics")
    ]


def accept_introduction(rounds: LocalRounds) -> None:
    ask(rounds, "U0ANA", GOAL)
    press(rounds, "U0ANA", last_dm(rounds, "U0ANA"), "request.best")
    press(rounds, "U0KIM", last_dm(rounds, "U0KIM"), "nudge.accept")


def test_call_schedule_to_invite_to_reschedule_to_did_you_meet(
    journey: LocalRounds, feeds: FeedServer
) -> None:
    move_to(journey, "U0ANA", "Ana Ruiz", LOS_ANGELES)
    set_availability(
        journey, "U0KIM", [feeds.url(p) for p in ("/call.ics", "/clinic.ics", "/or.ics")]
    )
    accept_introduction(journey)
    assert offers_to(journey, "U0ANA") == [], "6:00 in Los Angeles: her times wait till 8:00"
    journey.advance(timedelta(hours=2))

    (mentee_offer,) = offers_to(journey, "U0ANA")
    (mentor_offer,) = offers_to(journey, "U0KIM")
    times = offer_times(mentee_offer)
    assert len(times) == 3 and offer_times(mentor_offer) == [], "the mentee picks"
    days = [t.astimezone(NEW_YORK).date() for t in times]
    assert len(set(days)) == 3
    assert not set(days) & POST_CALL and date(2026, 11, 27) not in days
    assert max(days) - min(days) >= timedelta(days=7), "spread over the fortnight"
    for when in times:
        local = when.astimezone(NEW_YORK)
        assert not (local.date() == date(2026, 11, 24) and local.hour >= 17), "on call"
        assert not (local.date() == date(2026, 11, 26) and local.hour < 17), "in clinic"
        assert 16 <= local.hour < 18, "inside the mentor's window, outside quiet hours"
    assert pick_labels(mentee_offer) == [slot_label(t, LOS_ANGELES) for t in times]
    mentee_text = call_text(mentee_offer, names(journey))
    mentor_text = call_text(mentor_offer, names(journey))
    assert mentee_text.count("(America/Los_Angeles)") == 3 and "New_York" not in mentee_text
    assert mentor_text.count("(America/New_York)") == 3
    assert "30-minute chat with @Ana Ruiz" in mentor_text and "They pick one" in mentor_text

    journey.slack.click("U0BEN", f"{PICK_ACTION}0", button(mentee_offer, f"{PICK_ACTION}0"))
    journey.settle()
    assert invites(journey) == [], "someone outside the introduction cannot book it"
    assert "people in that introduction" in call_text(journey.fake.calls_to("response_url")[-1])
    press(journey, "U0ANA", mentee_offer, f"{PICK_ACTION}0")
    press(journey, "U0ANA", mentee_offer, f"{PICK_ACTION}0")

    first = invites(journey)
    assert len(first) == 2, "one invite each, however often the time is clicked"
    event = first[0].walk("VEVENT")[0]
    assert str(first[0]["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == times[0]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)
    assert "Grace Kim" in str(event["ORGANIZER"].params["CN"])
    attendees = {str(a.params["CN"]) for a in event.get("ATTENDEE")}
    assert attendees == {"Grace Kim", "Ana Ruiz"}
    assert str(event["LOCATION"]) == VIDEO and int(event["SEQUENCE"]) == 0
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
    assert triggers == [-timedelta(days=1), -timedelta(minutes=30)]
    group = journey.fake.conversation_with("U0ANA", "U0KIM")
    booked = [c for c in journey.fake.messages_in(group) if "Booked" in call_text(c)]
    assert len(booked) == 1
    assert "Booked" in call_text(journey.fake.as_now(mentor_offer)), "the mentor's offer is updated"
    assert "Join: " + VIDEO in call_text(booked[0])

    press(journey, "U0KIM", booked[0], "meeting.reschedule")
    assert "Rescheduling" in call_text(journey.fake.as_now(booked[0]))
    new_offer = offers_to(journey, "U0ANA")[-1]
    new_times = offer_times(new_offer)
    assert new_times and times[0] not in new_times
    later = new_times[-1]
    assert later - journey.services.clock.now() > timedelta(days=5), "past the usual ask"
    press(journey, "U0ANA", new_offer, f"{PICK_ACTION}{len(new_times) - 1}")

    update = invites(journey)[-1]
    moved = update.walk("VEVENT")[0]
    assert str(moved["UID"]) == str(event["UID"]) and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == later
    assert any("New time" in text for text in dm_texts(journey, "U0ANA"))
    assert "Booked" in call_text(journey.fake.as_now(offers_to(journey, "U0KIM")[-1]))
    rebooked = [c for c in journey.fake.messages_in(group) if "Booked" in call_text(c)]
    assert len(rebooked) == 2
    old_copy, new_copy = (call_text(journey.fake.as_now(c)) for c in rebooked)
    new_time = new_copy.split("Booked: ")[1].split(" for ")[0]
    assert "Rescheduling" not in old_copy and f"Moved to {new_time}" in old_copy
    assert button(journey.fake.as_now(rebooked[1]), "meeting.reschedule")

    ends = later + timedelta(minutes=30)
    journey.advance(ends - journey.services.clock.now())
    assert not any("Did you meet" in text for text in dm_texts(journey, "U0ANA"))
    journey.advance(timedelta(hours=2))
    assert any(
        "Did you meet" in text or "did you meet" in text.lower()
        for text in dm_texts(journey, "U0ANA")
    )


def test_feeds_that_time_out_or_are_malformed_show_on_the_profile_and_never_block_booking(
    journey: LocalRounds, feeds: FeedServer
) -> None:
    urls = [feeds.url(p) for p in ("/bad.ics", "/slow.ics", "/call.ics")]
    set_availability(journey, "U0KIM", urls)
    journey.command("U0KIM", "/mentor", "profile")
    view = journey.fake.calls_to("views.open")[-1].args["view"]
    status = str([b for b in view["blocks"] if b["type"] == "context"])
    assert "not a calendar feed" in status and "no answer within 0.3 seconds" in status
    assert status.count("booking still works") == 2 and "read <!date" in status

    accept_introduction(journey)
    (offer,) = offers_to(journey, "U0ANA")
    times = offer_times(offer)
    assert len(times) == 3
    assert not {t.astimezone(NEW_YORK).date() for t in times} & POST_CALL, "the feed read counts"
    press(journey, "U0ANA", offer, f"{PICK_ACTION}2")
    assert len(invites(journey)) == 2


def test_none_of_these_offers_three_more_and_only_the_mentee_picks(
    journey: LocalRounds, feeds: FeedServer
) -> None:
    accept_introduction(journey)
    (first,) = offers_to(journey, "U0ANA")
    press(journey, "U0ANA", first, "meeting.none", button(first, "meeting.none"))
    second = offers_to(journey, "U0ANA")[-1]
    assert len(offer_times(second)) == 3
    assert not set(offer_times(second)) & set(offer_times(first))

    journey.slack.click("U0KIM", f"{PICK_ACTION}0", button(second, f"{PICK_ACTION}0"))
    journey.settle()
    assert invites(journey) == []
    stale = button(first, f"{PICK_ACTION}0")
    journey.slack.click("U0ANA", f"{PICK_ACTION}0", stale)
    journey.settle()
    assert invites(journey) == [], "a time from the old offer no longer books"


def test_the_profile_form_keeps_availability_and_says_what_is_wrong(
    journey: LocalRounds, feeds: FeedServer
) -> None:
    set_availability(journey, "U0KIM", [feeds.url("/clinic.ics")])
    journey.command("U0KIM", "/mentor", "profile")
    view = journey.fake.calls_to("views.open")[-1].args["view"]
    shown = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert shown["meeting_windows"]["initial_value"] == "Mon-Fri 16:00-18:00"
    assert shown["video_link"]["initial_value"] == VIDEO
    assert "read " in str([b for b in view["blocks"] if b["type"] == "context"])

    answer = journey.slack.submit_view(
        "U0KIM",
        "profile_form",
        {
            "roles": {"roles": {"selected_options": [{"value": "mentor"}]}},
            "career_stage": {"career_stage": {"selected_option": {"value": "attending"}}},
            "meeting_windows": {"meeting_windows": {"value": "whenever suits"}},
            "video_link": {"video_link": {"value": "zoom me"}},
        },
    ).json()

    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"meeting_windows", "video_link"}

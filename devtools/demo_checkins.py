"""The demo chapter "A week of check-ins", played on the demo's fake clock."""

from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.textview import blocks_text, call_text
from handlers.slack.messenger import SlackMessenger
from storage.models import Prompt, Relationship
from storage.people import PersonRepository

if TYPE_CHECKING:
    from devtools.demo import DemoContext

NEW_YORK = ZoneInfo("America/New_York")


def _person_id(demo: "DemoContext", user_id: str) -> int:
    user = demo.rounds.fake.users[user_id]
    demo.rounds.services.people.remember(
        PersonRef.slack(FAKE_TEAM, user_id), user.real_name, user.tz
    )
    with demo.rounds.services.database.read() as session:
        row = PersonRepository(session).find(PersonRef.slack(FAKE_TEAM, user_id))
        assert row is not None and row.id is not None
        return row.id


def _introduce(demo: "DemoContext", mentor: str, mentee: str, ongoing: bool) -> int:
    """What the /mentor introduction flow leaves behind: a relationship between two people."""
    mentor_id, mentee_id = _person_id(demo, mentor), _person_id(demo, mentee)
    with demo.rounds.services.database.write() as session:
        relationship = Relationship(
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            format="ongoing" if ongoing else "one_off",
            checkin_every_weeks=1,
            started_at=demo.rounds.services.clock.now(),
        )
        session.add(relationship)
        session.flush()
        assert relationship.id is not None
        relationship_id = relationship.id
    checkins = demo.rounds.services.checkins
    if ongoing:
        checkins.start_relationship_checkins(relationship_id)
    else:
        checkins.schedule_did_you_meet(
            "relationship",
            relationship_id,
            [mentor_id, mentee_id],
            demo.rounds.services.clock.now() + checkins.did_you_meet_after,
        )
    return relationship_id


def _now(demo: "DemoContext") -> str:
    return f"{demo.rounds.services.clock.now().astimezone(NEW_YORK):%A %H:%M} in New York"


def _advance(demo: "DemoContext", title: str, delta: timedelta) -> None:
    demo.step(title)
    demo.rounds.advance(delta)
    demo.say(f"  ({_now(demo)})")
    _show(demo)


def _show(demo: "DemoContext") -> None:
    """What the bot did, naming who each direct message went to."""
    messenger = demo.rounds.services.messenger
    assert isinstance(messenger, SlackMessenger)
    for call in demo.rounds.fake.calls:
        if call.method != "chat.postMessage":
            if call.method not in ("conversations.open", "users.info"):
                demo._box(demo._audience(call.method, call.args), call_text(call, demo.names))
            continue
        people = messenger.people_in(str(call.args["channel"]))
        who = ", ".join(demo.names.get(user_id, user_id) for user_id in people)
        demo._box(f"DM to {who}", call_text(call, demo.names))


def _prompt_of(demo: "DemoContext", user_id: str, kind: str) -> str:
    person_id = _person_id(demo, user_id)
    with demo.rounds.services.database.read() as session:
        prompt_id = session.exec(
            select(Prompt.id)
            .where(Prompt.person_id == person_id, Prompt.kind == kind)
            .order_by(col(Prompt.id).desc())
        ).first()
    return str(prompt_id)


def week_of_checkins(demo: "DemoContext") -> None:
    rounds = demo.rounds
    demo.step("Ana sets a goal for her mentoring with Dr. Kim")
    demo.show_ack(
        "U0ANA", rounds.command("U0ANA", "/mentor", "goals add Submit my QI abstract to PAS")
    )
    _introduce(demo, "U0DRKIM", "U0ANA", ongoing=True)
    _introduce(demo, "U0DRLEE", "U0BEN", ongoing=False)
    demo.say("  Ana and Dr. Kim start weekly mentoring; Ben is introduced to Dr. Lee for one chat.")
    demo.say(f"  ({_now(demo)})")

    _advance(
        demo, "Four days pass: Rounds asks Ben and Dr. Lee whether they met", timedelta(days=4)
    )
    demo.say("  Dr. Lee is in Los Angeles, where it is 6 a.m.: the question waits for 8:00 there.")
    _advance(demo, "Three hours later", timedelta(hours=3))

    demo.step("Ben presses “Yes, we met”: a short confidential form opens")
    rounds.slack.click("U0BEN", "prompt_yes", _prompt_of(demo, "U0BEN", "did_you_meet"))
    rounds.settle()
    _show(demo)
    form = rounds.fake.calls_to("views.open")[-1].args["view"]
    demo.step("Ben rates the conversation 5 of 5 and would meet again")
    submitted = rounds.slack.submit_view(
        "U0BEN",
        "checkins_feedback",
        {
            "usefulness": {"value": {"selected_option": {"value": "5"}}},
            "again": {"value": {"selected_option": {"value": "yes"}}},
            "comment": {"value": {"value": "Clear advice on away rotations."}},
        },
        form["private_metadata"],
    )
    rounds.settle()
    demo._box("Ben's form now says", blocks_text(submitted.json()["view"]["blocks"], demo.names))

    _advance(
        demo, "Monday: the weekly check-in on Ana's goal", timedelta(days=3) - timedelta(hours=3)
    )
    demo.step("Ana presses “Need help”: Dr. Kim hears at once")
    rounds.slack.click("U0ANA", "prompt_need_help", _prompt_of(demo, "U0ANA", "goal_checkin"))
    rounds.settle()
    _show(demo)

    demo.step("Dr. Patel, an organizer, sees the week's prompts in her App Home")
    rounds.open_home("U0PD")
    _show(demo)

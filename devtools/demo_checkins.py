"""The demo chapter "A week of check-ins", played on the demo's fake clock."""

from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.textview import blocks_text
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


def _advance(demo: "DemoContext", title: str, delta: timedelta, expect: str) -> None:
    demo.step(title, expect)
    demo.rounds.advance(delta)
    demo.say(f"  ({_now(demo)})")
    demo.show_messages()


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
    demo.step(
        "Ana sets a goal for her mentoring with Dr. Cho", expect="Submit my QI abstract to PAS"
    )
    demo.show_ack(
        "U0ANA", rounds.command("U0ANA", "/mentor", "goals add Submit my QI abstract to PAS")
    )
    _introduce(demo, "U0DRCHO", "U0ANA", ongoing=True)
    _introduce(demo, "U0DRLEE", "U0BEN", ongoing=False)
    demo.say("  Ana and Dr. Cho start weekly mentoring; Ben is introduced to Dr. Lee for one chat.")
    demo.say(f"  ({_now(demo)})")

    _advance(
        demo,
        "Four days pass: Rounds asks Ben and Dr. Lee whether they met",
        timedelta(days=4),
        expect="direct message to Ben Okafor",
    )
    demo.say("  Dr. Lee is in Los Angeles, where it is 6 a.m.: the question waits for 8:00 there.")
    _advance(demo, "Three hours later", timedelta(hours=3), expect="direct message to Dr. Sam Lee")

    demo.step("Ben presses “Yes, we met”: a short confidential form opens", expect="a form opens")
    rounds.slack.click("U0BEN", "prompt_yes", _prompt_of(demo, "U0BEN", "did_you_meet"))
    rounds.settle()
    demo.show_messages()
    form = rounds.fake.calls_to("views.open")[-1].args["view"]
    demo.step("Ben rates the conversation 5 of 5 and would meet again", expect="Ben's form")
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
        demo,
        "Monday: the weekly check-in on Ana's goal",
        timedelta(days=3) - timedelta(hours=3),
        expect="Submit my QI abstract to PAS",
    )
    demo.step(
        "Ana presses “Need help”: Dr. Cho hears at once", expect="direct message to Dr. Ines Cho"
    )
    rounds.slack.click("U0ANA", "prompt_need_help", _prompt_of(demo, "U0ANA", "goal_checkin"))
    rounds.settle()
    demo.show_messages()

    demo.step(
        "Dr. Patel, an organizer, sees the week's prompts in her App Home",
        expect="Dr. Maya Patel's App Home",
    )
    rounds.open_home("U0PD")
    demo.show_messages()

"""Relationships made straight in the database: the /mentor introduction flow is elsewhere."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from storage.models import Prompt, Relationship
from storage.people import PersonRepository

# A Monday, 09:00 in New York.
MONDAY_MORNING = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
MENTEE, MENTOR = "U0ANA", "U0DRKIM"


def person(rounds: LocalRounds, user_id: str, tz: str = "America/New_York") -> int:
    with rounds.services.database.write() as session:
        row = PersonRepository(session).get_or_create(PersonRef.slack(FAKE_TEAM, user_id))
        user = rounds.fake.users.get(user_id)
        row.display_name = user.real_name if user else user_id
        row.timezone = tz
        assert row.id is not None
        return row.id


def relationship(
    rounds: LocalRounds,
    mentor: str = MENTOR,
    mentee: str = MENTEE,
    *,
    ongoing: bool = False,
    every_weeks: int = 1,
) -> int:
    mentor_id, mentee_id = person(rounds, mentor), person(rounds, mentee)
    with rounds.services.database.write() as session:
        row = Relationship(
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            format="ongoing" if ongoing else "one_off",
            checkin_every_weeks=every_weeks,
            started_at=rounds.services.clock.now(),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def introduce(rounds: LocalRounds, mentor: str = MENTOR, mentee: str = MENTEE) -> int:
    """What the introduction flow does for a one-off chat."""
    relationship_id = relationship(rounds, mentor, mentee)
    mentor_id, mentee_id = person(rounds, mentor), person(rounds, mentee)
    checkins = rounds.services.checkins
    checkins.schedule_did_you_meet(
        "relationship",
        relationship_id,
        [mentor_id, mentee_id],
        rounds.services.clock.now() + checkins.did_you_meet_after,
    )
    return relationship_id


def dms(rounds: LocalRounds, user_id: str) -> list[str]:
    """The text of every message the bot posted in its DM with ``user_id``."""
    messenger = rounds.services.messenger
    shown = []
    for call in rounds.fake.calls_to("chat.postMessage"):
        people = messenger.people_in(str(call.args["channel"]))  # type: ignore[attr-defined]
        if people == (user_id,):
            shown.append(call_text(call))
    return shown


def prompt_ids(rounds: LocalRounds, user_id: str, kind: str) -> list[int]:
    person_id = person_row_id(rounds, user_id)
    with rounds.services.database.read() as session:
        rows = session.exec(
            select(Prompt).where(Prompt.person_id == person_id, Prompt.kind == kind)
        ).all()
        return sorted(p.id for p in rows if p.id is not None)


def person_row_id(rounds: LocalRounds, user_id: str) -> int:
    with rounds.services.database.read() as session:
        row = PersonRepository(session).find(PersonRef.slack(FAKE_TEAM, user_id))
        assert row is not None and row.id is not None
        return row.id


def days(n: float) -> timedelta:
    return timedelta(days=n)


def ref(user_id: str) -> PersonRef:
    return PersonRef.slack(FAKE_TEAM, user_id)

"""When prompts go out: due times, quiet hours, restarts, pauses, endings and 429 storms."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.clock import FakeClock
from bot.outbox.service import INTERRUPTED
from devtools.slack.harness import LocalRounds
from storage.models import Profile, Prompt, Relationship
from storage.prompts import PromptRepository
from tests.checkins.conftest import add_users
from tests.checkins.helpers import (
    MENTEE,
    MENTOR,
    MONDAY_MORNING,
    days,
    dms,
    introduce,
    person,
    person_row_id,
)

NEW_YORK = ZoneInfo("America/New_York")


def statuses(rounds: LocalRounds) -> list[tuple[str, str, str | None]]:
    with rounds.services.database.read() as session:
        rows = session.exec(select(Prompt).order_by(Prompt.id)).all()  # type: ignore[arg-type]
        return [(p.kind, p.status, p.last_error) for p in rows]


def test_a_prompt_due_in_quiet_hours_waits_for_the_morning(rounds: LocalRounds) -> None:
    mentee_id = person(rounds, MENTEE)
    evening = datetime(2026, 11, 26, 21, 30, tzinfo=NEW_YORK)
    rounds.services.checkins.schedule_did_you_meet("event", 1, [mentee_id], evening)

    rounds.services.clock.set(evening - timedelta(minutes=1))  # type: ignore[attr-defined]
    rounds.advance(timedelta(hours=10))
    assert dms(rounds, MENTEE) == []
    rounds.advance(timedelta(minutes=31))

    assert len(dms(rounds, MENTEE)) == 1
    with rounds.services.database.read() as session:
        (prompt,) = session.exec(select(Prompt)).all()
    assert prompt.sent_at == datetime(2026, 11, 27, 8, 0, tzinfo=NEW_YORK)


def test_someone_in_another_zone_is_asked_in_their_own_morning(rounds: LocalRounds) -> None:
    ben = person(rounds, "U0BEN", "America/Chicago")
    at_8_in_new_york = datetime(2026, 11, 27, 8, 0, tzinfo=NEW_YORK)
    rounds.services.checkins.schedule_did_you_meet("event", 1, [ben], at_8_in_new_york)
    rounds.services.clock.set(at_8_in_new_york)  # type: ignore[attr-defined]

    rounds.advance(timedelta(minutes=59))
    assert dms(rounds, "U0BEN") == []
    rounds.advance(timedelta(minutes=2))
    assert len(dms(rounds, "U0BEN")) == 1


@pytest.mark.parametrize("down_for", [days(4.2), days(12)], ids=["within grace", "long outage"])
def test_prompts_due_while_the_app_was_down_go_out_once_after_a_restart(
    database_url: str, down_for: timedelta
) -> None:
    url = database_url
    with LocalRounds(url, clock=FakeClock(MONDAY_MORNING)) as before:
        add_users(before)
        introduce(before)
        before.advance(days(1))
        assert dms(before, MENTEE) == []

    later = FakeClock(MONDAY_MORNING + down_for)
    with LocalRounds(url, clock=later) as after:
        add_users(after)
        after.run_due()
        after.advance(days(3))
        assert len(dms(after, MENTEE)) == 1 and len(dms(after, MENTOR)) == 1
        assert [s for _, s, _ in statuses(after)] == ["sent", "sent"]


def test_prompts_stop_when_the_relationship_ends_or_a_person_pauses(rounds: LocalRounds) -> None:
    first = introduce(rounds)
    introduce(rounds, mentor="U0DRKIM", mentee="U0BEN")
    with rounds.services.database.write() as session:
        ended = session.get(Relationship, first)
        assert ended is not None
        ended.ended_at = rounds.services.clock.now()
        session.add(
            Profile(person_id=person_row_id(rounds, "U0BEN"), paused_until=date(2027, 1, 1))
        )

    rounds.advance(days(5))

    assert dms(rounds, MENTEE) == [] and dms(rounds, "U0BEN") == []
    assert len(dms(rounds, MENTOR)) == 1
    assert sorted(statuses(rounds)) == [
        ("did_you_meet", "sent", None),
        ("did_you_meet", "skipped", "paused"),
        ("did_you_meet", "skipped", "relationship ended"),
        ("did_you_meet", "skipped", "relationship ended"),
    ]


def test_stopping_a_relationship_drops_its_waiting_prompts(rounds: LocalRounds) -> None:
    relationship_id = introduce(rounds)

    rounds.services.checkins.stop_for_relationship(relationship_id)
    rounds.advance(days(5))

    assert dms(rounds, MENTEE) == [] and dms(rounds, MENTOR) == []


def test_a_429_storm_delays_delivery_but_loses_nothing(
    rounds: LocalRounds, retry_waits: list[float]
) -> None:
    people = ["U0ANA", "U0DRKIM", "U0BEN", "U0PD"]
    ids = [person(rounds, user_id) for user_id in people]
    rounds.services.checkins.schedule_did_you_meet(
        "event", 1, ids, MONDAY_MORNING + timedelta(hours=1)
    )
    rounds.fake.rate_limit("chat.postMessage", retry_after=30, times=20)

    rounds.advance(timedelta(hours=1))
    delayed = [p for p in people if not dms(rounds, p)]
    rounds.advance(timedelta(hours=2))

    assert delayed, "the storm should have held some prompts back"
    assert all(len(dms(rounds, p)) == 1 for p in people)
    assert [s for _, s, _ in statuses(rounds)] == ["sent"] * 4
    assert len(retry_waits) >= 15 and min(retry_waits) >= 30


def test_a_storm_of_429s_then_500s_loses_no_prompt_and_doubles_none(
    rounds: LocalRounds, retry_waits: list[float]
) -> None:
    people = ["U0ANA", "U0DRKIM", "U0BEN", "U0PD"]
    ids = [person(rounds, user_id) for user_id in people]
    rounds.services.checkins.schedule_did_you_meet(
        "event", 1, ids, MONDAY_MORNING + timedelta(hours=1)
    )
    rounds.fake.rate_limit("chat.postMessage", retry_after=5, times=25)
    rounds.fake.server_error("chat.postMessage", status=500, times=25)

    rounds.advance(timedelta(hours=1))
    delayed = [p for p in people if not dms(rounds, p)]
    for _ in range(8):
        rounds.advance(timedelta(hours=1))

    assert delayed, "the storm should have held some prompts back"
    assert [len(dms(rounds, p)) for p in people] == [1, 1, 1, 1]
    assert [s for _, s, _ in statuses(rounds)] == ["sent"] * 4


def test_a_prompt_interrupted_while_sending_is_not_sent_again(rounds: LocalRounds) -> None:
    ids = [person(rounds, "U0ANA")]
    due = MONDAY_MORNING + timedelta(hours=1)
    rounds.services.checkins.schedule_did_you_meet("event", 1, ids, due)
    with rounds.services.database.write() as session:
        (prompt,) = session.exec(select(Prompt)).all()
        # A worker claimed it, Slack may have taken it, and the process died right there.
        assert PromptRepository(session).claim_all([prompt.id or 0], due)

    rounds.advance(timedelta(hours=4))

    assert dms(rounds, "U0ANA") == []
    assert statuses(rounds) == [("did_you_meet", "failed", INTERRUPTED)]

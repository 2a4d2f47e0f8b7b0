"""No-shows, late joiners and a restart, mid-event."""

from datetime import timedelta

from devtools.slack.harness import LocalRounds
from storage.models import SpeedEvent
from tests.events_live.support import (
    EXPERTS,
    MENTEES,
    START,
    channel_posts,
    created_event,
    direct_messages,
    local_rounds,
    ref,
)


def seats_by_round(rounds: LocalRounds, event_id: int) -> dict[int, dict[str, list[str]]]:
    """The published plan as stored: round -> expert key -> mentee keys."""
    with rounds.services.database.read() as session:
        event = session.get(SpeedEvent, event_id)
        assert event is not None and event.plan is not None
        return {entry["round"]: entry["tables"] for entry in event.plan["rounds"]}


def test_a_no_show_mid_event_moves_only_later_rounds_and_only_moved_people_are_told() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=61))
        before = seats_by_round(rounds, event_id)
        dms_before = {user: len(messages) for user, messages in direct_messages(rounds).items()}

        answer = events.mark_absent(event_id, ref(EXPERTS[2][0]))

        after = seats_by_round(rounds, event_id)
        assert after[1] == before[1]
        assert all("e3" not in after[r] for r in (2, 3))
        told = {
            user
            for user, messages in direct_messages(rounds).items()
            if len(messages) > dms_before.get(user, 0)
        }
        assert told, "someone had a seat at the absent expert's table"
        assert EXPERTS[2][0] not in told
        mentee_rows = {f"m{n}": user for n, user in enumerate(MENTEES, 1)}
        moved = {
            mentee_rows[m]
            for r in (2, 3)
            for expert, group in before[r].items()
            for m in group
            if m not in after[r].get(expert, [])
        }
        assert told & set(MENTEES) == moved
        assert "marked absent from round 2" in answer.fallback

        rounds.advance(timedelta(minutes=11))
        round_two = direct_messages(rounds)
        assert EXPERTS[2][0] not in {u for u, m in round_two.items() if "Round 2" in m[-1]}


def test_a_late_joiner_is_seated_from_the_next_round_and_told_their_seats() -> None:
    with local_rounds() as rounds:
        rounds.add_user("U0LATE", "Lee Late")
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(minutes=61))

        events.add_late(event_id, ref("U0LATE"), "Lee Late", ["research"])

        late = direct_messages(rounds)["U0LATE"]
        assert len(late) == 1 and "from round 2" in late[0] and "Round 2: table" in late[0]
        assert "Round 1" not in late[0]
        rounds.advance(timedelta(minutes=11))
        assert "Round 2 of 3 — table" in direct_messages(rounds)["U0LATE"][-1]
        report = events.report(event_id).fallback
        assert report


def test_a_restart_mid_event_sends_nothing_twice_and_the_next_round_starts_on_time(
    database_url: str,
) -> None:
    url = database_url
    with local_rounds(url) as first:
        event_id = created_event(first)
        first.services.events.publish(event_id)
        first.advance(timedelta(minutes=61))
        assert len(direct_messages(first)[MENTEES[0]]) == 1

    # Down for eight minutes: the "2 minutes left" due at 10:08 is late when it comes back.
    with local_rounds(url, now=START + timedelta(minutes=69)) as second:
        second.run_due()
        assert direct_messages(second) == {}
        assert [p for p in channel_posts(second) if "left" in p]
        second.advance(timedelta(minutes=1))
        assert "round 2 starts at 10:12" in channel_posts(second)[-1]
        second.advance(timedelta(minutes=1, seconds=59))
        assert direct_messages(second) == {}
        second.advance(timedelta(seconds=1))
        dms = direct_messages(second)
        assert all(
            len(messages) == 1 and "Round 2 of 3" in messages[0] for messages in dms.values()
        )
        assert second.services.clock.now() == START + timedelta(minutes=72)


def test_published_tables_are_balanced_and_no_one_meets_an_expert_twice() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        plan = seats_by_round(rounds, event_id)
        for n in range(1, 9):
            met = [e for r in (1, 2, 3) for e, group in plan[r].items() if f"m{n}" in group]
            assert len(met) == len(set(met)) == 3
        for tables in plan.values():
            sizes = {len(group) for group in tables.values()}
            assert max(sizes) - min(sizes) <= 1 and min(sizes) >= 2 and max(sizes) <= 3

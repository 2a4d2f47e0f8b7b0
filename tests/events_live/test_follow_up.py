from datetime import timedelta

from bot.replies import plain_text
from tests.events_live.support import (
    MENTEES,
    created_event,
    direct_messages,
    local_rounds,
    ref,
)


class Introductions:
    def __init__(self) -> None:
        self.asked: list[tuple[int, int, str]] = []

    def request_chat(self, mentee_person_id: int, expert_person_id: int, note: str) -> None:
        self.asked.append((mentee_person_id, expert_person_id, note))


def test_a_mentee_asks_an_expert_they_met_for_a_coffee_chat_once() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        introductions = Introductions()
        events.follow_ups = introductions
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(hours=2))
        assert "Ask Dr." in direct_messages(rounds)[MENTEES[0]][-1]
        expert_row = events.summary(event_id).experts  # experts are rows 1..3 of this event

        first = events.request_follow_up(event_id, ref(MENTEES[0]), expert_row)
        again = events.request_follow_up(event_id, ref(MENTEES[0]), expert_row)

        assert "introduce you to Dr. Zane" in first.fallback
        assert "already asked Dr. Zane" in again.fallback
        assert len(introductions.asked) == 1
        mentee_id, expert_id, _ = introductions.asked[0]
        assert mentee_id != expert_id
        assert "Follow-ups requested: 1" in plain_text(events.report(event_id))

from datetime import timedelta

from sqlmodel import select

from bot.career import CareerStage
from bot.meetings.messages import PICK_ACTION
from bot.profiles import ProfileForm
from bot.replies import plain_text
from devtools.slack.textview import call_text
from storage.models import DomainEvent, MentoringRequest, Person
from tests.events_live.support import (
    EXPERTS,
    MENTEES,
    created_event,
    direct_messages,
    local_rounds,
    ref,
)
from tests.meetings.test_slack_journey import invites, offer_times
from tests.mentoring.journey import last_dm, press


def test_a_mentee_asks_an_expert_they_met_for_a_coffee_chat_once_and_gets_times() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = created_event(rounds)
        events.publish(event_id)
        rounds.advance(timedelta(hours=2))
        assert "Ask Dr." in direct_messages(rounds)[MENTEES[0]][-1]
        expert_row = events.summary(event_id).experts  # experts are rows 1..3 of this event
        expert = EXPERTS[2][0]
        mentor = ProfileForm(is_mentor=True, career_stage=CareerStage.ATTENDING, capacity=2)
        rounds.services.profiles.save(ref(expert), mentor)
        expert_dms_before = len(direct_messages(rounds).get(EXPERTS[2][0], []))

        first = events.request_follow_up(event_id, ref(MENTEES[0]), expert_row)
        again = events.request_follow_up(event_id, ref(MENTEES[0]), expert_row)

        assert "asking Dr. Zane for a coffee chat" in first.fallback
        assert "already asked Dr. Zane" in again.fallback
        with rounds.services.database.read() as session:
            requests = session.exec(select(MentoringRequest)).all()
            mentee = session.exec(select(Person).where(Person.user_id == MENTEES[0])).one()
            wished = session.exec(select(DomainEvent)).all()
        assert [request.mentee_id for request in requests] == [mentee.id]
        assert [(row.name, row.status) for row in wished] == [("FollowUpWished", "handled")]
        assert len(direct_messages(rounds).get(EXPERTS[2][0], [])) == expert_dms_before + 1
        assert "Follow-ups requested: 1" in plain_text(events.report(event_id))

        press(rounds, expert, last_dm(rounds, expert), "nudge.accept")
        offers = [c for c in rounds.fake.direct_messages(MENTEES[0]) if "chat with" in call_text(c)]
        assert len(offers) == 1 and len(offer_times(offers[0])) == 3
        press(rounds, MENTEES[0], offers[0], f"{PICK_ACTION}0")
        assert len(invites(rounds)) == 2, "an invite for the mentee and the expert"

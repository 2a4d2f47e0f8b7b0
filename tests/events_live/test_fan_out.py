from datetime import timedelta

from bot.events.live import ExpertEntry
from devtools.slack.fake_api import FAKE_TEAM, RateLimit
from tests.events_live.support import (
    CHANNEL,
    ORGANIZER,
    direct_messages,
    local_rounds,
    ref,
    settings,
)

EXPERT_COUNT = 50
MENTEE_COUNT = 450


def test_500_participants_each_get_exactly_one_round_dm_under_rate_limits() -> None:
    with local_rounds() as rounds:
        events = rounds.services.events
        event_id = events.create(ref(ORGANIZER), settings(rounds=1)).event_id
        for n in range(EXPERT_COUNT):
            user_id = f"U0EX{n:03d}"
            rounds.add_user(user_id, f"Expert {n}")
            events.add_expert(
                event_id, ExpertEntry(f"Expert {n}", f"topic {n % 7}", str(n + 1), ref(user_id))
            )
        rows = "\n".join(f"U0ME{n:03d},Mentee {n},topic {n % 7}" for n in range(MENTEE_COUNT))
        events.import_mentees(event_id, "mentee_id,name,ranked_topics\n" + rows, FAKE_TEAM)
        with rounds.services.database.write() as session:
            from storage.models import SpeedEvent

            event = session.get(SpeedEvent, event_id)
            assert event is not None
            event.table_max = 10
        events.publish(event_id)
        rounds.fake.enforce_limit("chat.postMessage", RateLimit(per_second=150, burst=10))
        rounds.fake.rate_limit("chat.postMessage", retry_after=1, times=10)

        rounds.advance(timedelta(hours=1))

        dms = direct_messages(rounds)
        assert len(dms) == EXPERT_COUNT + MENTEE_COUNT
        assert all(len(messages) == 1 for messages in dms.values())
        posts = [
            c for c in rounds.fake.calls_to("chat.postMessage") if c.args["channel"] == CHANNEL
        ]
        assert len(posts) == 1

"""A small event run through the real app with a fake clock and a fake Slack."""

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.events.live import EventSettings, ExpertEntry
from bot.identity import PersonRef
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text

ORGANIZER = "U0PD"
CHANNEL = "C0EVENT"
START = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # a Tuesday, 09:00 in New York
EXPERTS = (
    ("U0X1", "Dr. Xu", "fellowship applications", "1"),
    ("U0X2", "Dr. Yates", "research", "2"),
    ("U0X3", "Dr. Zane", "wellbeing", "3"),
)
MENTEES = tuple(f"U0M{n}" for n in range(1, 9))


def ref(user_id: str) -> PersonRef:
    return PersonRef.slack(FAKE_TEAM, user_id)


def settings(rounds: int = 3, round_minutes: int = 10, changeover: int = 2) -> EventSettings:
    return EventSettings(
        name="Career night",
        channel_id=CHANNEL,
        starts_at=START + timedelta(hours=1),
        timezone="America/New_York",
        rounds=rounds,
        round_minutes=round_minutes,
        changeover_minutes=changeover,
        table_min=2,
        table_max=3,
    )


def local_rounds(database_url: str | None = None, now: datetime = START) -> LocalRounds:
    rounds = LocalRounds(database_url, clock=FakeClock(now), organizers=(ORGANIZER,))
    rounds.add_user(ORGANIZER, "Maya Patel")
    for user_id, name, _, _ in EXPERTS:
        rounds.add_user(user_id, name)
    for number, user_id in enumerate(MENTEES, 1):
        rounds.add_user(user_id, f"Mentee {number}")
    return rounds


def created_event(app: LocalRounds, /, **overrides: int) -> int:
    events = app.services.events
    event_id = events.create(ref(ORGANIZER), settings(**overrides)).event_id
    for user_id, name, topic, table in EXPERTS:
        events.add_expert(event_id, ExpertEntry(name, topic, table, ref(user_id)))
    topics = [topic for _, _, topic, _ in EXPERTS]
    rows = "\n".join(
        f"{user_id},Mentee {n},{';'.join(topics[n % 3 :] + topics[: n % 3])}"
        for n, user_id in enumerate(MENTEES, 1)
    )
    events.import_mentees(event_id, "mentee_id,name,ranked_topics\n" + rows, FAKE_TEAM)
    return event_id


def direct_messages(rounds: LocalRounds) -> dict[str, list[str]]:
    """Each person's DMs in order, as readable text."""
    owner = {channel: users[0] for users, channel in rounds.fake._conversations.items()}
    seen: dict[str, list[str]] = defaultdict(list)
    for call in rounds.fake.calls_to("chat.postMessage"):
        channel = str(call.args["channel"])
        if channel in owner:
            seen[owner[channel]].append(call_text(call))
    return dict(seen)


def channel_posts(rounds: LocalRounds, channel: str = CHANNEL) -> list[str]:
    return [
        call_text(call)
        for call in rounds.fake.calls_to("chat.postMessage")
        if call.args["channel"] == channel
    ]

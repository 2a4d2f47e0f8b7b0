"""`rounds demo`: the real app, a fake Slack, a small cohort and a scripted journey."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from handlers.slack.driver import Delivery
from handlers.slack.fake_api import FAKE_TEAM
from handlers.slack.harness import LocalRounds
from handlers.slack.textview import blocks_text, call_text, readable

Echo = Callable[[str], None]

COHORT = (
    ("U0ANA", "Ana Ruiz", "America/New_York"),  # PGY-2 pediatrics
    ("U0BEN", "Ben Okafor", "America/Chicago"),  # medical student
    ("U0DRKIM", "Dr. Grace Kim", "America/New_York"),  # pediatric cardiology attending
    ("U0DRLEE", "Dr. Sam Lee", "America/Los_Angeles"),  # emergency medicine faculty
    ("U0PD", "Dr. Maya Patel", "America/New_York"),  # program director
)


@dataclass
class DemoContext:
    rounds: LocalRounds
    echo: Echo
    pause: float

    @property
    def names(self) -> dict[str, str]:
        return {user.user_id: user.real_name for user in self.rounds.fake.users.values()}

    def say(self, line: str = "") -> None:
        self.echo(line)

    def step(self, title: str) -> None:
        time.sleep(self.pause)
        self.echo("")
        self.echo(f"▶ {title}")
        self.rounds.fake.clear()

    def show_ack(self, who: str, delivery: Delivery) -> None:
        body = delivery.json() if delivery.body.startswith("{") else None
        if body and body.get("blocks"):
            self._box(
                f"{self.names.get(who, who)} sees (only visible to them)",
                blocks_text(body["blocks"], self.names),
            )

    def show_calls(self) -> None:
        for call in self.rounds.fake.calls:
            if call.method in ("auth.test", "users.info"):
                self.echo(f"  · bot called {call.method}")
                continue
            self._box(self._audience(call.method, call.args), call_text(call, self.names))

    def _audience(self, method: str, args: dict[str, object]) -> str:
        if method == "views.publish":
            return f"{self.names.get(str(args.get('user_id')), '?')}'s App Home"
        if method == "views.open":
            return "a form opens"
        if method == "response_url":
            return "a reply only the person who asked can see"
        return f"{method} to {readable(str(args.get('channel', '')))}"

    def _box(self, title: str, body: str) -> None:
        self.echo(f"  ┌ {title}")
        for line in body.splitlines() or [""]:
            self.echo(f"  │ {line}")
        self.echo("  └")


def help_and_home(demo: DemoContext) -> None:
    demo.step("Ana, a PGY-2 in pediatrics, types /mentor help")
    demo.show_ack("U0ANA", demo.rounds.command("U0ANA", "/mentor", "help"))
    demo.step("Ana opens Rounds' App Home")
    demo.rounds.open_home("U0ANA")
    demo.show_calls()
    demo.step("Dr. Patel, the program director, asks /coffee what it can do")
    demo.show_ack("U0PD", demo.rounds.command("U0PD", "/coffee", "help"))


SPEED_EXPERTS = (
    ("U0DRKIM", "fellowship applications", "1"),
    ("U0DRLEE", "emergency medicine careers", "2"),
    ("U0DRCHO", "research and first papers", "3"),
)
SPEED_STUDENTS = (
    ("U0CARA", "Cara Diaz"),
    ("U0DEV", "Dev Shah"),
    ("U0EVE", "Eve Moreau"),
    ("U0FINN", "Finn Walsh"),
    ("U0GIA", "Gia Romano"),
    ("U0HAL", "Hal Berg"),
)
SPEED_MENTEES = ("U0ANA", "U0BEN", *(user_id for user_id, _ in SPEED_STUDENTS))
EVENT_CHANNEL = "C0EVENTS"


def speed_mentoring_evening(demo: DemoContext) -> None:
    rounds, organizer = demo.rounds, "U0PD"
    rounds.add_user("U0DRCHO", "Dr. Ines Cho")
    for user_id, name in (*SPEED_STUDENTS, ("U0IVY", "Ivy Chen")):
        rounds.add_user(user_id, name)
    events = rounds.services.events
    demo.step("Dr. Patel types /speedmentor in #events: a form opens to create the evening")
    rounds.command(organizer, "/speedmentor", "", channel_id=EVENT_CHANNEL)
    demo.show_calls()
    demo.step("She fills it in: 3 rounds of one minute, one minute to change tables")
    starts = rounds.services.clock.now() + timedelta(minutes=5)
    rounds.slack.submit_view(
        organizer,
        "speedmentor_create",
        {
            block: {block: value}
            for block, value in {
                "name": {"value": "Residents' career evening"},
                "channel": {"selected_channel": EVENT_CHANNEL},
                "start_date": {"selected_date": starts.astimezone(_NEW_YORK).date().isoformat()},
                "start_time": {"selected_time": starts.astimezone(_NEW_YORK).strftime("%H:%M")},
                "timezone": {"value": "America/New_York"},
                "rounds": {"value": "3"},
                "round_minutes": {"value": "1"},
                "changeover_minutes": {"value": "1"},
                "table_min": {"value": "2"},
                "table_max": {"value": "3"},
            }.items()
        },
    )
    rounds.settle()
    demo.show_calls()
    event_id = events.find(FAKE_TEAM_ID, EVENT_CHANNEL).event_id
    demo.step("She adds three experts (the expert form, once per expert) and opens sign-up")
    for user_id, topic, table in SPEED_EXPERTS:
        rounds.slack.submit_view(
            organizer,
            "speedmentor_expert",
            {
                "person": {"person": {"selected_user": user_id}},
                "name": {"name": {"value": None}},
                "topic": {"topic": {"value": topic}},
                "table": {"table": {"value": table}},
                "absent_rounds": {"absent_rounds": {"value": None}},
            },
            private_metadata=str(event_id),
        )
    rounds.settle()
    rounds.fake.clear()
    rounds.command(organizer, "/speedmentor", "signup", channel_id=EVENT_CHANNEL)
    demo.show_calls()
    demo.step("Eight mentees press Join and rank the topics they care about")
    topics = [topic for _, topic, _ in SPEED_EXPERTS]
    for number, user_id in enumerate(SPEED_MENTEES):
        rounds.slack.click(user_id, "speedmentor.join", str(event_id), channel_id=EVENT_CHANNEL)
        ranked = topics[number % 3 :] + topics[: number % 3]
        rounds.slack.submit_view(
            user_id,
            "speedmentor_join",
            {
                f"rank_{rank}": {
                    f"rank_{rank}": {"selected_option": {"value": str(topics.index(t))}}
                }
                for rank, t in enumerate(ranked, 1)
            },
            private_metadata=str(event_id),
        )
    rounds.settle()
    demo.say(f"  {events.summary(event_id).mentees} mentees signed up.")
    demo.step("Dr. Patel previews the plan's figures, then publishes")
    rounds.command(organizer, "/speedmentor", "preview", channel_id=EVENT_CHANNEL)
    rounds.command(organizer, "/speedmentor", "publish", channel_id=EVENT_CHANNEL)
    demo.show_calls()
    demo.step("Five minutes later round 1 starts: a DM for each person, one post in #events")
    rounds.advance(timedelta(minutes=5))
    _show_some(demo)
    demo.step("Thirty seconds before the end: the channel is told")
    rounds.advance(timedelta(seconds=30))
    demo.show_calls()
    demo.step("Ben has to leave: Dr. Patel marks him absent; only people whose seat moved hear")
    rounds.fake.clear()
    rounds.command(organizer, "/speedmentor", "absent <@U0BEN|ben>", channel_id=EVENT_CHANNEL)
    demo.show_calls()
    demo.step("Ivy arrives late: she is seated from round 2 and told her seats")
    rounds.fake.clear()
    rounds.command(organizer, "/speedmentor", "late <@U0IVY|ivy>", channel_id=EVENT_CHANNEL)
    demo.show_calls()
    demo.step("Rounds 2 and 3 run on the clock; at the end everyone gets a feedback form")
    rounds.advance(timedelta(minutes=5))
    _show_some(demo, people=("U0ANA", "U0DRKIM"))
    demo.step("Ana asks Dr. Kim for a coffee chat; Dr. Patel reads the report")
    kim_row = next(
        row for row, (user_id, *_rest) in enumerate(SPEED_EXPERTS, 1) if user_id == "U0DRKIM"
    )
    rounds.slack.click("U0ANA", f"speedmentor.followup.{kim_row}", f"{event_id}:{kim_row}")
    rounds.settle()
    demo.show_calls()
    demo.show_ack(
        organizer, rounds.command(organizer, "/speedmentor", "report", channel_id=EVENT_CHANNEL)
    )


_NEW_YORK = ZoneInfo("America/New_York")
FAKE_TEAM_ID = FAKE_TEAM


def _show_some(demo: DemoContext, people: tuple[str, ...] = ("U0ANA", "U0DRKIM")) -> None:
    """The channel's posts and a few people's DMs; every other DM is counted, not shown."""
    owners = {channel: users[0] for users, channel in demo.rounds.fake._conversations.items()}
    others = 0
    for call in demo.rounds.fake.calls_to("chat.postMessage"):
        channel = str(call.args.get("channel"))
        owner = owners.get(channel)
        if owner is None or owner in people:
            title = f"{demo.names.get(owner, owner)}'s DM" if owner else f"post in {channel}"
            demo._box(title, call_text(call, demo.names))
        else:
            others += 1
    demo.say(f"  …and {others} more DMs, one per participant.")
    demo.rounds.fake.clear()


CHAPTERS: tuple[tuple[str, Callable[[DemoContext], None]], ...] = (
    ("Getting started: help and the App Home", help_and_home),
    ("A speed-mentoring evening", speed_mentoring_evening),
)
# A Tuesday morning in New York, so nothing waits for quiet hours or the weekend.
DEMO_START = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


def run_demo(echo: Echo, pause: float = 0.0) -> None:
    with LocalRounds(clock=FakeClock(DEMO_START), organizers=("U0PD",)) as rounds:
        for user_id, name, tz in COHORT:
            rounds.add_user(user_id, name, tz, email=f"{user_id.lower()}@hospital.example")
        echo("Rounds demo: the real app over HTTP, a local fake Slack, a temporary database.")
        echo(f"App at {rounds.server.events_url}; fake Slack Web API at {rounds.fake.api_url}")
        demo = DemoContext(rounds, echo, pause)
        for title, chapter in CHAPTERS:
            echo("")
            echo("═" * 72)
            echo(title)
            echo("═" * 72)
            chapter(demo)
        echo("")
        echo("Demo finished: every step above went through signed HTTP requests to the real app.")

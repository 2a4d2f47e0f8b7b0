"""`rounds demo`: the real app, a fake Slack, a small cohort and a scripted journey."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clock import FakeClock
from handlers.slack.driver import Delivery
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


def checkins_week(demo: DemoContext) -> None:
    from handlers.demo_checkins import week_of_checkins

    week_of_checkins(demo)


CHAPTERS: tuple[tuple[str, Callable[[DemoContext], None]], ...] = (
    ("Getting started: help and the App Home", help_and_home),
    ("A week of check-ins", checkins_week),
)
# The demo's clock starts on a Monday at 09:00 in New York and only moves when told to.
DEMO_START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def run_demo(echo: Echo, pause: float = 0.0) -> None:
    with LocalRounds(organizers=("U0PD",), clock=FakeClock(DEMO_START)) as rounds:
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

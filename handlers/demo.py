"""`rounds demo`: the real app, a fake Slack, a small cohort and a scripted journey."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import FakeClock
from bot.identity import PersonRef
from handlers.slack.driver import Delivery
from handlers.slack.fake_api import FAKE_TEAM
from handlers.slack.harness import LocalRounds
from handlers.slack.textview import blocks_text, call_text, readable
from storage.models import CoffeeProgram, Profile
from storage.people import PersonRepository

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


COFFEE_CHANNEL = "C0RESIDENTS"
COFFEE_PROFILES = {
    "U0ANA": ("pgy2", "Pediatrics", ["residency applications", "global health"]),
    "U0BEN": ("student", None, ["residency applications"]),
    "U0DRKIM": ("attending", "Pediatric cardiology", ["global health"]),
    "U0DRLEE": ("faculty", "Emergency medicine", ["wellness"]),
}


def coffee_chats(demo: DemoContext) -> None:
    """Needs a FakeClock to move time on; on any other clock it plays on one of its own."""
    if isinstance(demo.rounds.services.clock, FakeClock):
        _coffee_chapter(demo)
        return
    start = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    with LocalRounds(clock=FakeClock(start), organizers=("U0PD",)) as own:
        for user in demo.rounds.fake.users.values():
            own.add_user(user.user_id, user.real_name, user.tz, user.email)
        _coffee_chapter(DemoContext(own, demo.echo, demo.pause))


def _coffee_chapter(demo: DemoContext) -> None:
    rounds = demo.rounds
    rounds.fake.channel_members[COFFEE_CHANNEL] = [*COFFEE_PROFILES, "U0PD"]
    _give_profiles(rounds, COFFEE_PROFILES)
    demo.step("Dr. Patel types /coffee in #residents: a form opens with the current settings")
    rounds.command("U0PD", "/coffee", channel_id=COFFEE_CHANNEL)
    _show_messages(demo)
    demo.step("She picks every week on Wednesday at 09:00, pairs, across career stages")
    settings = {"cadence": "weekly", "weekday": "2", "hour": "9", "group_size": "2"}
    settings |= {"timezone": "America/New_York", "mode": "cross_level"}
    values = {
        name: {name: {"type": "static_select", "selected_option": {"value": value}}}
        for name, value in settings.items()
    }
    rounds.slack.submit_view("U0PD", "coffee_setup", values, private_metadata=COFFEE_CHANNEL)
    rounds.settle()
    _show_messages(demo)
    program_id = _coffee_program_id(rounds, COFFEE_CHANNEL)
    demo.step("The day before the first round, everyone in #residents gets a heads-up")
    _advance_to_job(rounds, f"coffee:{program_id}:headsup")
    _show_messages(demo)
    skip = _last_post_with(rounds, "coffee_skip", "U0BEN")
    demo.step("Ben has an exam tomorrow and presses Skip this round")
    rounds.slack.click("U0BEN", "coffee_skip", skip)
    rounds.settle()
    _show_messages(demo)
    for number in (1, 2):
        demo.step(f"Round {number}: each group gets a group message with a conversation starter")
        if number == 2:
            _advance_to_job(rounds, f"coffee:{program_id}:headsup")
            rounds.fake.clear()
        _advance_to_job(rounds, f"coffee:{program_id}:round")
        _show_messages(demo)
    demo.step("Anyone in the channel asks /coffee status")
    demo.show_ack("U0ANA", rounds.command("U0ANA", "/coffee", "status", channel_id=COFFEE_CHANNEL))


def _show_messages(demo: DemoContext) -> None:
    """What people see, each message headed by who receives it (the lookups left out)."""
    opened: list[str] = []
    for call in demo.rounds.fake.calls:
        if call.method == "conversations.open":
            opened = str(call.args.get("users", "")).split(",")
            continue
        if call.method not in ("chat.postMessage", "views.open", "response_url"):
            continue
        audience = demo._audience(call.method, call.args)
        if call.method == "chat.postMessage" and not str(call.args["channel"]).startswith("C"):
            names = " and ".join(demo.names.get(user, user) for user in opened)
            audience = f"{'group message' if len(opened) > 1 else 'direct message'} to {names}"
        elif call.method == "chat.postMessage":
            audience = "posted in #residents"
        demo._box(audience, call_text(call, demo.names))


def _give_profiles(
    rounds: LocalRounds, profiles: dict[str, tuple[str, str | None, list[str]]]
) -> None:
    """Profiles for people who have none yet (another chapter may have made them)."""
    with rounds.services.database.write() as session:
        people = PersonRepository(session)
        for user_id, (stage, specialty, topics) in profiles.items():
            person = people.get_or_create(PersonRef.slack(FAKE_TEAM, user_id))
            if person.id is not None and session.get(Profile, person.id) is None:
                session.add(
                    Profile(
                        person_id=person.id, career_stage=stage, specialty=specialty, topics=topics
                    )
                )


def _coffee_program_id(rounds: LocalRounds, channel_id: str) -> int:
    with rounds.services.database.read() as session:
        program = session.exec(
            select(CoffeeProgram).where(CoffeeProgram.channel_id == channel_id)
        ).one()
        assert program.id is not None
        return program.id


def _advance_to_job(rounds: LocalRounds, job_id: str) -> None:
    job = next(job for job in rounds.services.scheduler.jobs() if job.job_id == job_id)
    assert job.next_run_time is not None
    rounds.advance(max(job.next_run_time - rounds.services.clock.now(), timedelta(0)))


def _last_post_with(rounds: LocalRounds, action_id: str, user_id: str) -> str:
    for call in reversed(rounds.fake.calls_to("chat.postMessage")):
        for block in call.args.get("blocks", []):
            for element in block.get("elements", []):
                value = str(element.get("value", ""))
                if element.get("action_id") == action_id and value.endswith(f":{user_id}"):
                    return value
    raise LookupError(f"no {action_id} button for {user_id}")


CHAPTERS: tuple[tuple[str, Callable[[DemoContext], None]], ...] = (
    ("Getting started: help and the App Home", help_and_home),
    ("Coffee chats in #residents", coffee_chats),
)


def run_demo(echo: Echo, pause: float = 0.0) -> None:
    with LocalRounds(organizers=("U0PD",)) as rounds:
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

"""`rounds demo`: the real app, a fake Slack, a small cohort and a scripted journey."""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.career import CareerStage
from bot.clock import FakeClock
from bot.identity import PersonRef
from bot.profiles import ProfileForm
from devtools.narration import Echo, Narrator
from devtools.slack.driver import Delivery
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from storage.models import Prompt

MESSAGE_METHODS = ("chat.postMessage", "views.open", "views.publish", "response_url")

COHORT = (
    ("U0ANA", "Ana Ruiz", "America/New_York"),  # PGY-2 pediatrics
    ("U0BEN", "Ben Okafor", "America/Chicago"),  # medical student
    ("U0DRKIM", "Dr. Grace Kim", "America/New_York"),  # pediatric cardiology attending
    ("U0DRLEE", "Dr. Sam Lee", "America/Los_Angeles"),  # emergency medicine faculty
    ("U0DRCHO", "Dr. Ines Cho", "America/New_York"),  # emergency medicine researcher
    ("U0PD", "Dr. Maya Patel", "America/New_York"),  # program director
)


@dataclass
class DemoContext:
    rounds: LocalRounds
    narrator: Narrator
    shown_up_to: int = 0

    @property
    def names(self) -> dict[str, str]:
        return {user.user_id: user.real_name for user in self.rounds.fake.users.values()}

    def say(self, line: str = "") -> None:
        self.narrator.say(line)

    def step(self, title: str, expect: str) -> None:
        """Narrate a step; ``expect`` is what its output must show for the narration to hold."""
        self.narrator.step(title, expect)
        self.shown_up_to = len(self.rounds.fake.calls)

    def show_ack(self, who: str, delivery: Delivery) -> None:
        body = delivery.json() if delivery.body.startswith("{") else None
        if body and body.get("blocks"):
            self._box(
                f"{self.names.get(who, who)} sees (only visible to them)",
                blocks_text(body["blocks"], self.names),
            )

    def show_messages(self) -> None:
        """What people saw since the step began, each message headed by who receives it.

        Lookups are left out, and one message sent alike to several people is shown once.
        """
        shown: dict[str, list[str]] = {}
        for call in self.rounds.fake.calls[self.shown_up_to :]:
            if call.method in MESSAGE_METHODS:
                readers = shown.setdefault(call_text(call, self.names), [])
                readers.append(self._audience(call.method, call.args))
        for text, audiences in shown.items():
            self._box(_together(audiences), text)
        self.shown_up_to = len(self.rounds.fake.calls)

    def _audience(self, method: str, args: dict[str, object]) -> str:
        channel = str(args.get("channel", ""))
        people = self.rounds.fake.members_of(channel)
        if method == "chat.postMessage" and people:
            names = " and ".join(self.names.get(user, user) for user in people)
            return f"{'group message' if len(people) > 1 else 'direct message'} to {names}"
        if method == "chat.postMessage":
            return f"posted in {self.channel_name(channel)}"
        if method == "views.publish":
            return f"{self.names.get(str(args.get('user_id')), '?')}'s App Home"
        if method == "views.open":
            return "a form opens"
        return "a reply only the person who asked can see"

    def channel_name(self, channel_id: str) -> str:
        name = self.rounds.fake.channel_names.get(channel_id)
        return f"#{name}" if name else "a channel"

    def _box(self, title: str, body: str) -> None:
        self.say(f"  ┌ {title}")
        for line in body.splitlines() or [""]:
            self.say(f"  │ {line}")
        self.say("  └")


DIRECT = "direct message to "


def _together(audiences: list[str]) -> str:
    """One heading for the same message sent as a direct message to each of several people."""
    if len(audiences) > 1 and all(audience.startswith(DIRECT) for audience in audiences):
        names = [audience.removeprefix(DIRECT) for audience in audiences]
        return f"{DIRECT}each of {', '.join(names[:-1])} and {names[-1]}"
    return " · ".join(dict.fromkeys(audiences))


def help_and_home(demo: DemoContext) -> None:
    demo.step("Ana, a PGY-2 in pediatrics, types /mentor help", expect="/mentor profile")
    demo.show_ack("U0ANA", demo.rounds.command("U0ANA", "/mentor", "help"))
    demo.step("Ana opens Rounds' App Home", expect="Ana Ruiz's App Home")
    demo.rounds.open_home("U0ANA")
    demo.show_messages()
    demo.step(
        "Dr. Patel, the program director, asks /coffee what it can do", expect="/coffee status"
    )
    demo.show_ack("U0PD", demo.rounds.command("U0PD", "/coffee", "help"))


COFFEE_CHANNEL = "C0RESIDENTS"


def until_sent(rounds: LocalRounds, kind: str) -> None:
    """Move on to the morning of the last reader still waiting for a message of ``kind``."""
    with rounds.services.database.read() as session:
        waiting = session.exec(
            select(Prompt.due_at).where(Prompt.kind == kind, Prompt.status == "pending")
        ).all()
    if waiting:
        # The Teams chapter registered its own services' tasks; the jobs here are Slack's.
        rounds.services.register_tasks()
        rounds.advance(max(max(waiting) - rounds.services.clock.now(), timedelta(0)))


def coffee_chats(demo: DemoContext) -> None:
    from devtools.demo_coffee import coffee_round

    coffee_round(demo)


def mentor_journey(demo: DemoContext) -> None:
    rounds = demo.rounds
    _mentor_profiles(rounds)
    demo.step(
        "Dr. Kim fills in her mentor profile (the /mentor profile form)",
        expect="Dr. Grace Kim's App Home",
    )
    rounds.slack.submit_view("U0DRKIM", "profile_form", KIM_PROFILE)
    rounds.settle()
    demo.show_messages()
    goal = "help with fellowship applications in peds cards"
    demo.step(
        f"Ana types /mentor {goal}: the request form opens with her words in it",
        expect="a form opens",
    )
    rounds.command("U0ANA", "/mentor", goal)
    demo.show_messages()
    demo.step(
        "Ana sends the form: Rounds shows her the best-fitting mentors, with reasons",
        expect="Mentors who fit your request",
    )
    rounds.slack.submit_view("U0ANA", "mentor_request", _request_values(goal))
    rounds.settle()
    demo.show_messages()
    demo.step(
        "Ana presses “Best match for me”: Dr. Kim gets a nudge, Ana is told",
        expect="direct message to Dr. Grace Kim",
    )
    _press(rounds, "U0ANA", "request.best")
    demo.show_messages()
    demo.step(
        "Dr. Kim presses Accept: an introduction for the two of them, and three times that fit"
        " her week (Tue/Thu after 16:00, Mon 12:00-13:00), each shown on the reader's own clock",
        expect="Times for a 30-minute chat",
    )
    _press(rounds, "U0DRKIM", "nudge.accept")
    demo.show_messages()
    demo.step(
        "Ana picks the first time: both get a calendar invite, and the time is posted for both",
        expect="Booked",
    )
    _press(rounds, "U0ANA", "meeting.pick.0")
    demo.show_messages()
    for upload in rounds.fake.uploaded_files():
        demo.say(f"  📎 {upload.filename} ({len(upload.content):,} bytes): {upload.title}")
    ben_goal = "research project in emergency medicine and avoiding burnout"
    demo.step(
        f"At noon (9:00 for Dr. Lee in Los Angeles) Ben, a student, asks for “{ben_goal}”"
        " and takes the best match: Dr. Lee",
        expect="direct message to Dr. Sam Lee",
    )
    rounds.advance(timedelta(hours=3))
    rounds.slack.submit_view("U0BEN", "mentor_request", _request_values(ben_goal))
    rounds.settle()
    _press(rounds, "U0BEN", "request.best")
    demo.show_messages()
    demo.step(
        "Two days pass without an answer: Dr. Lee gets a reminder, and Ben is told",
        expect="Reminder",
    )
    rounds.advance(timedelta(hours=48))
    demo.show_messages()
    demo.step(
        "Another day: the request passes to the next mentor, Dr. Cho",
        expect="direct message to Dr. Ines Cho",
    )
    rounds.advance(timedelta(hours=24))
    demo.show_messages()
    demo.step(
        "Dr. Cho declines (she's on service until next month): the request moves on, Ben is told",
        expect="direct message to Ben Okafor",
    )
    offer = _button_value(rounds, "U0DRCHO", "nudge.decline")
    until = (rounds.services.clock.now() + timedelta(days=30)).date().isoformat()
    decline = {
        "reason": {"reason": {"value": "on service"}},
        "unavailable_until": {"unavailable_until": {"selected_date": until}},
    }
    rounds.slack.submit_view("U0DRCHO", "decline_request", decline, private_metadata=f"{offer}::")
    rounds.settle()
    demo.show_messages()
    demo.step("Ana opens her App Home", expect="Ana Ruiz's App Home")
    rounds.open_home("U0ANA")
    demo.show_messages()


KIM_PROFILE: dict[str, dict[str, dict[str, Any]]] = {
    "roles": {"roles": {"selected_options": [{"value": "mentor"}]}},
    "career_stage": {"career_stage": {"selected_option": {"value": "attending"}}},
    "specialty": {"specialty": {"selected_option": {"value": "pediatric_cardiology"}}},
    "topics": {"topics": {"selected_options": [{"value": "fellowship_applications"}]}},
    "about": {"about": {"value": "Fellowship applications, echo research, work-life with kids."}},
    "capacity": {"capacity": {"value": "2"}},
    "chats_per_month": {"chats_per_month": {"value": "2"}},
    "meeting_windows": {"meeting_windows": {"value": "Tue/Thu after 16:00; Mon 12:00-13:00"}},
    "video_link": {"video_link": {"value": "https://zoom.example/j/kim"}},
}


def _mentor_profiles(rounds: LocalRounds) -> None:
    profiles = rounds.services.profiles
    profiles.save(
        PersonRef.slack(FAKE_TEAM, "U0DRLEE"),
        ProfileForm(
            is_mentor=True,
            career_stage=CareerStage.FACULTY,
            specialty="emergency_medicine",
            topics=("research", "wellness"),
            capacity=3,
        ),
    )
    profiles.save(
        PersonRef.slack(FAKE_TEAM, "U0DRCHO"),
        ProfileForm(
            is_mentor=True,
            career_stage=CareerStage.ATTENDING,
            specialty="emergency_medicine",
            topics=("research",),
            capacity=2,
        ),
    )
    profiles.save(
        PersonRef.slack(FAKE_TEAM, "U0ANA"),
        ProfileForm(is_mentee=True, career_stage=CareerStage.PGY2, specialty="pediatrics"),
    )
    profiles.save(
        PersonRef.slack(FAKE_TEAM, "U0BEN"),
        ProfileForm(is_mentee=True, career_stage=CareerStage.STUDENT),
    )
    for user_id, name, tz in COHORT:
        rounds.services.people.remember(PersonRef.slack(FAKE_TEAM, user_id), name, tz)


def _request_values(goal: str) -> dict[str, dict[str, dict[str, Any]]]:
    return {
        "goal": {"goal": {"value": goal}},
        "format": {"format": {"selected_option": {"value": "one_off"}}},
    }


def _button_value(rounds: LocalRounds, user_id: str, action_id: str) -> str:
    for call in reversed(rounds.fake.direct_messages(user_id)):
        for block in call.args.get("blocks", []):
            for element in block.get("elements", []):
                if element.get("action_id") == action_id:
                    return str(element["value"])
    raise LookupError(f"no {action_id} button for {user_id}")


def _press(rounds: LocalRounds, user_id: str, action_id: str) -> None:
    channel = rounds.fake.conversation_with(user_id)
    value = _button_value(rounds, user_id, action_id)
    rounds.slack.click(user_id, action_id, value, channel_id=channel, message_ts="1.0")
    rounds.settle()


def program_report(demo: DemoContext) -> None:
    from bot.reports import build_report, report_charts, report_html
    from bot.reports.periods import add_months, month_start
    from bot.reports.recognition import THANKS
    from bot.reports.sample import seed_program

    services = demo.rounds.services
    start = add_months(month_start(services.clock.now()), -3)
    demo.step(
        "Three months of mentoring go by: requests, meetings, feedback and goals",
        expect="seeded",
    )
    seed_program(services.database, start)
    demo.say("  (seeded straight into the database: 5 requests, 3 mentoring relationships)")
    demo.step(f"Dr. Patel types /mentor report {start:%Y-%m-%d}", expect="program report")
    asked = demo.rounds.slack.command("U0PD", "/mentor", f"report {start:%Y-%m-%d}")
    # Drawing the charts can take longer than the usual wait for a click on a busy machine.
    demo.rounds.settle(timeout=60)
    demo.show_ack("U0PD", asked)
    demo.show_messages()
    for upload in demo.rounds.fake.uploaded_files():
        if not upload.filename.endswith(".ics"):
            demo.say(f"  📎 {upload.filename} ({len(upload.content):,} bytes) shared in the DM")
    demo.step(
        f"Offline, the same report: rounds report --since {start:%Y-%m-%d} --out report.html",
        expect="Wrote ",
    )
    report = build_report(services.database, start, services.clock.now())
    folder = Path(tempfile.mkdtemp(prefix="rounds-report-"))
    path = folder / "report.html"
    path.write_text(report_html(report, report_charts(report)), encoding="utf-8")
    demo.say(f"  Wrote {path} ({path.stat().st_size:,} bytes, charts inside)")
    demo.step(
        "Dr. Kim opens her App Home: what she has given so far",
        expect="Dr. Grace Kim's App Home",
    )
    demo.rounds.open_home("U0DRKIM")
    demo.show_messages()
    demo.step(
        "On the 1st of the month, each active mentor is thanked", expect="Thank you for mentoring"
    )
    services.recognition.thank_mentors(add_months(start, 1))
    until_sent(demo.rounds, THANKS)
    demo.show_messages()


EVENT_CHANNEL = "C0EVENTS"
CHANNEL_NAMES = {COFFEE_CHANNEL: "residents", EVENT_CHANNEL: "events"}


def speed_mentoring_evening(demo: DemoContext) -> None:
    from devtools.demo_speed import evening

    evening(demo)


def checkins_week(demo: DemoContext) -> None:
    from devtools.demo_checkins import week_of_checkins

    week_of_checkins(demo)


def conference_room(demo: DemoContext) -> None:
    from devtools.demo_conference import room_board

    room_board(demo)


def teams_journey(demo: DemoContext) -> None:
    try:
        from devtools.teams.demo import play
    except ImportError:
        demo.say("(skipped: the Teams extra is not installed; `uv sync --extra teams`)")
        return
    play(demo.narrator)


CHAPTERS: tuple[tuple[str, Callable[[DemoContext], None]], ...] = (
    ("Getting started: help and the App Home", help_and_home),
    ("A week of check-ins", checkins_week),
    ("/mentor: from a resident's request to an introduction", mentor_journey),
    ("Coffee chats in #residents", coffee_chats),
    ("A speed-mentoring evening", speed_mentoring_evening),
    ("The same journey in Microsoft Teams", teams_journey),
    ("The program report", program_report),
    ("Conference mode: a room board, QR check-in, seats for guests", conference_room),
)
# The demo's clock starts on a Monday at 09:00 in New York and only moves when told to.
DEMO_START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def run_demo(echo: Echo, pause: float = 0.0) -> None:
    with LocalRounds(clock=FakeClock(DEMO_START), organizers=("U0PD",), COFFEE_SEED=7) as rounds:
        for user_id, name, tz in COHORT:
            rounds.add_user(user_id, name, tz, email=f"{user_id.lower()}@hospital.example")
        rounds.fake.channel_names.update(CHANNEL_NAMES)
        echo("Rounds demo: the real app over HTTP, a local fake Slack, a temporary database.")
        echo(f"App at {rounds.server.events_url}; fake Slack Web API at {rounds.fake.api_url}")
        demo = DemoContext(rounds, Narrator(echo, pause))
        for title, chapter in CHAPTERS:
            demo.narrator.finish()
            echo("")
            echo("═" * 72)
            echo(title)
            echo("═" * 72)
            chapter(demo)
        demo.narrator.finish()
        echo("")
        echo("Demo finished: every step above went through signed HTTP requests to the real app.")

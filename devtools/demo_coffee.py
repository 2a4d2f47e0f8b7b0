"""The demo's coffee chapter: a program in #residents, a round, its groups and their follow-up."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.identity import PersonRef
from devtools.demo import COFFEE_CHANNEL, DemoContext
from devtools.slack.fake_api import FAKE_TEAM
from devtools.slack.harness import LocalRounds
from storage.models import CoffeeProgram, Profile
from storage.people import PersonRepository

COFFEE_PROFILES = {
    "U0ANA": ("pgy2", "Pediatrics", ["residency applications", "global health"]),
    "U0BEN": ("student", None, ["residency applications"]),
    "U0DRKIM": ("attending", "Pediatric cardiology", ["global health"]),
    "U0DRLEE": ("faculty", "Emergency medicine", ["wellness"]),
}


def coffee_round(demo: DemoContext) -> None:
    rounds = demo.rounds
    rounds.fake.channel_members[COFFEE_CHANNEL] = [*COFFEE_PROFILES, "U0PD"]
    _give_profiles(rounds, COFFEE_PROFILES)
    demo.step(
        "Dr. Patel types /coffee in #residents: a form opens with the current settings",
        expect="a form opens",
    )
    rounds.command("U0PD", "/coffee", channel_id=COFFEE_CHANNEL)
    demo.show_messages()
    demo.step(
        "She picks every week on Wednesday at 09:00, pairs, across career stages",
        expect="posted in #residents",
    )
    settings = {"cadence": "weekly", "weekday": "2", "hour": "9", "group_size": "2"}
    settings |= {"timezone": "America/New_York", "mode": "cross_level"}
    values = {
        name: {name: {"type": "static_select", "selected_option": {"value": value}}}
        for name, value in settings.items()
    }
    rounds.slack.submit_view("U0PD", "coffee_setup", values, private_metadata=COFFEE_CHANNEL)
    rounds.settle()
    demo.show_messages()
    program_id = _coffee_program_id(rounds, COFFEE_CHANNEL)
    demo.step(
        "Meanwhile, until the first round, the mentoring already under way carries on",
        expect="direct message to",
    )
    _advance_to_job(rounds, f"coffee:{program_id}:headsup", early=timedelta(minutes=1))
    demo.show_messages()
    demo.step(
        "The day before the first round, everyone in #residents gets a heads-up",
        expect="[Skip this round]",
    )
    _advance_to_job(rounds, f"coffee:{program_id}:headsup")
    demo.show_messages()
    skip = _last_post_with(rounds, "coffee_skip", "U0BEN")
    demo.step("Ben has an exam tomorrow and presses Skip this round", expect="skip")
    rounds.slack.click("U0BEN", "coffee_skip", skip)
    rounds.settle()
    demo.show_messages()
    for number in (1, 2):
        demo.step(
            f"Round {number}: each group gets a group message with a conversation starter",
            expect="group message to",
        )
        if number == 2:
            _advance_to_job(rounds, f"coffee:{program_id}:headsup")
            demo.shown_up_to = len(rounds.fake.calls)
        _advance_to_job(rounds, f"coffee:{program_id}:round")
        demo.show_messages()
    demo.step("Anyone in the channel asks /coffee status", expect="Next round")
    demo.show_ack("U0ANA", rounds.command("U0ANA", "/coffee", "status", channel_id=COFFEE_CHANNEL))


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


def _advance_to_job(rounds: LocalRounds, job_id: str, early: timedelta = timedelta(0)) -> None:
    job = next(job for job in rounds.services.scheduler.jobs() if job.job_id == job_id)
    assert job.next_run_time is not None
    rounds.advance(max(job.next_run_time - early - rounds.services.clock.now(), timedelta(0)))


def _last_post_with(rounds: LocalRounds, action_id: str, user_id: str) -> str:
    for call in reversed(rounds.fake.calls_to("chat.postMessage")):
        for block in call.args.get("blocks", []):
            for element in block.get("elements", []):
                value = str(element.get("value", ""))
                if element.get("action_id") == action_id and value.endswith(f":{user_id}"):
                    return value
    raise LookupError(f"no {action_id} button for {user_id}")

"""The demo's Teams chapter: the same /mentor journey, in Teams, through a local Bot Connector."""

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.career import CareerStage
from bot.clock import FakeClock
from bot.profiles import ProfileForm
from devtools.narration import Echo, Narrator
from devtools.teams.harness import LocalTeams
from devtools.teams.textview import card_text

START = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
GOAL = "help choosing a pediatric cardiology fellowship and preparing my applications"


def _box(echo: Echo, title: str, text: str) -> None:
    echo(f"  ┌─ {title}")
    for line in text.splitlines():
        echo(f"  │ {line}")
    echo("  └─")


def play(narrator: Narrator) -> None:
    echo = narrator.say
    with LocalTeams(clock=FakeClock(START)) as teams:
        ana = teams.add_user("ana", "Ana Ruiz")
        kim = teams.add_user("kim", "Dr. Grace Kim")
        teams.services.profiles.save(
            ana.ref, ProfileForm(is_mentee=True, career_stage=CareerStage.PGY2)
        )
        teams.services.profiles.save(
            kim.ref,
            ProfileForm(
                is_mentor=True,
                career_stage=CareerStage.ATTENDING,
                specialty="pediatric_cardiology",
                topics=("fellowship_applications",),
                capacity=2,
            ),
        )
        echo(f"Teams agent at {teams.server.messages_url}; Bot Connector at {teams.connector.url}")
        shown = len(teams.connector.posted)

        def show_new() -> None:
            nonlocal shown
            for posted in teams.connector.posted[shown:]:
                who = next(
                    (
                        u.name
                        for u in teams.users.values()
                        if u.personal_chat == posted.conversation_id
                    ),
                    posted.conversation_id,
                )
                for card in posted.cards:
                    _box(echo, f"card to {who}", card_text(card))
            shown = len(teams.connector.posted)

        def show_answer(who: str, answer: dict[str, Any]) -> None:
            value = answer.get("value")
            text = card_text(value) if isinstance(value, dict) else str(value)
            _box(echo, f"{who}'s card now reads", text)

        narrator.step(
            "Ana types “mentor” in her chat with Rounds and fills in the form",
            expect="Mentors who fit your request",
        )
        teams.say("ana", "mentor")
        show_new()
        show_answer(
            "Ana", teams.press("ana", teams.last_card("ana"), "request.submit", {"goal": GOAL})
        )
        show_new()
        narrator.step(
            "Ana asks for her best match; Dr. Kim gets a nudge the bot sends on its own",
            expect="card to Dr. Grace Kim",
        )
        show_answer("Ana", teams.press("ana", teams.last_card("ana"), "request.best"))
        show_new()
        narrator.step(
            "Dr. Kim accepts; each gets the introduction, naming the other",
            expect="card to Ana Ruiz",
        )
        show_answer("Dr. Kim", teams.press("kim", teams.last_card("kim"), "nudge.accept"))
        show_new()
        narrator.step(
            "Four days later Rounds asks both “Did you meet?”; Ana says yes and rates it",
            expect="Ana's card now reads",
        )
        teams.advance(timedelta(days=4))
        show_new()
        form = teams.press("ana", teams.last_card("ana"), "prompt_yes")
        show_answer("Ana", form)
        feedback = {"usefulness": "5", "again": "yes"}
        show_answer("Ana", teams.press("ana", form["value"], "checkins.feedback", feedback))
        narrator.step(
            "Ana types “goals add Draft my personal statement”",
            expect="Draft my personal statement",
        )
        teams.say("ana", "goals add Draft my personal statement")
        show_new()

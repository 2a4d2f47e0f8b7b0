"""What people read is written in words, never in slugs, codes or statistics jargon."""

import re
from datetime import timedelta

from bot.career import CareerStage
from bot.clock import FakeClock
from bot.profiles import ProfileForm
from bot.reports.sample import seed_program
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text, call_text
from tests.coffee_slack.test_coffee_in_slack import MONDAY, RESIDENTS, set_up
from tests.conftest import ORGANIZER
from tests.events_live.support import CHANNEL, MENTEES, created_event, local_rounds, ref
from tests.mentoring.conftest import MONDAY_MORNING, populate
from tests.mentoring.journey import ask, last_dm, names, press
from tests.reports.conftest import START

JARGON = (
    re.compile(r"\b[a-z]+_[a-z_]+\b"),  # a slug such as pediatric_cardiology
    re.compile(r"\(s\)"),
    re.compile(r"\b1 (answers|mentors|mentees|people|groups|pairs|requests)\b"),
    re.compile(r"\(\d+%\)"),  # "read alike (52%)"
    re.compile(r"preference points|at most \d|not shared"),
    re.compile(r"help with:? help with", re.IGNORECASE),
)


def jargon_in(text: str) -> list[str]:
    return [m.group(0) for pattern in JARGON for m in pattern.finditer(text)]


def everything_sent(rounds: LocalRounds) -> list[str]:
    calls = [
        *rounds.fake.calls_to("chat.postMessage"),
        *rounds.fake.calls_to("chat.update"),
        *rounds.fake.calls_to("response_url"),
    ]
    return [call_text(call, names(rounds)) for call in calls]


def assert_plain(texts: list[str]) -> None:
    found = {text.splitlines()[0]: jargon_in(text) for text in texts if jargon_in(text)}
    assert found == {}


def test_a_request_its_nudge_and_the_organizer_alert_read_plainly() -> None:
    with LocalRounds(clock=FakeClock(MONDAY_MORNING), organizers=(ORGANIZER,)) as rounds:
        populate(rounds)
        ask(rounds, "U0ANA", "help with fellowship applications in pediatric cardiology")
        suggestions = last_dm(rounds, "U0ANA")
        press(rounds, "U0ANA", suggestions, "request.best")
        rounds.advance(timedelta(days=12))

        texts = everything_sent(rounds)
        assert any("A mentoring request" in t for t in texts)
        assert any("A request needs a person" in t for t in texts)
        assert_plain(texts)


def test_a_coffee_introduction_names_specialties_and_skips_unknown_stages() -> None:
    with LocalRounds(clock=FakeClock(MONDAY), organizers=(ORGANIZER,)) as rounds:
        for user_id, name in (("U0ANA", "Ana Ruiz"), ("U0BEN", "Ben Okafor"), (ORGANIZER, "M P")):
            rounds.add_user(user_id, name)
        rounds.fake.channel_members[RESIDENTS] = ["U0ANA", "U0BEN", "UROUNDSBOT"]
        rounds.services.profiles.save(
            ref("U0ANA"),
            ProfileForm(
                is_mentee=True, career_stage=CareerStage.PGY2, specialty="pediatric_cardiology"
            ),
        )
        rounds.services.profiles.save(
            ref("U0BEN"), ProfileForm(is_mentee=True, specialty="pediatric_cardiology")
        )
        set_up(rounds)
        rounds.command(ORGANIZER, "/coffee", "run-now", channel_id=RESIDENTS)

        texts = everything_sent(rounds)
        intro = next(t for t in texts if "Coffee chat: meet each other" in t)
        assert "pediatric cardiology" in intro.lower()
        assert_plain(texts)


def test_an_event_preview_and_report_read_plainly() -> None:
    with local_rounds() as rounds:
        event_id = created_event(rounds, round_minutes=1, changeover=1)
        rounds.command(ORGANIZER, "/speedmentor", "preview", channel_id=CHANNEL)
        rounds.services.events.publish(event_id)
        rounds.advance(timedelta(hours=2))
        rounds.services.events.feedback(event_id, ref(MENTEES[0]), 5, True, "")
        report = rounds.command(ORGANIZER, "/speedmentor", "report", channel_id=CHANNEL)

        texts = [*everything_sent(rounds), blocks_text(report.json()["blocks"])]
        assert any("Topic wishes met" in t for t in texts)
        assert any("1 answer" in t for t in texts)
        assert_plain(texts)


def test_the_program_report_reads_plainly() -> None:
    with LocalRounds(clock=FakeClock(START), organizers=(ORGANIZER,)) as rounds:
        rounds.add_user(ORGANIZER, "Maya Patel")
        seed_program(rounds.services.database, START)
        rounds.command(ORGANIZER, "/mentor", "report 2026-01-01 2026-03-31")

        texts = everything_sent(rounds)
        assert any("Rounds program report" in t for t in texts)
        assert_plain(texts)

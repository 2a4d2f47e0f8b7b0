"""A busy or silent Bot Connector delays a check-in; it never loses or doubles one."""

from datetime import timedelta

import pytest
from sqlmodel import select

from devtools.teams.harness import LocalTeams
from devtools.teams.textview import card_text
from storage.models import Prompt
from storage.prompts import PromptStatus
from tests.teams.conftest import populate
from tests.teams.platforms import TeamsJourney

GOAL = "help with fellowship applications in peds cards"


@pytest.fixture
def matched(teams: LocalTeams) -> LocalTeams:
    """Ana and Dr. Kim, just introduced in Teams; the check-ins are not due yet."""
    journey = TeamsJourney(teams)
    populate(journey)
    journey.ask("ana", GOAL)
    journey.press("ana", "request.best")
    journey.press("kim", "nudge.accept")
    return teams


def attempts_of_sent_prompts(teams: LocalTeams) -> list[int]:
    with teams.services.database.read() as session:
        sent = session.exec(select(Prompt).where(Prompt.status == PromptStatus.SENT)).all()
    return sorted(p.attempts for p in sent)


def did_you_meet_cards(teams: LocalTeams, key: str) -> int:
    return sum("Did you meet" in card_text(card) for card in teams.cards(key))


def test_a_teams_429_is_retried_and_the_check_in_arrives_once(matched: LocalTeams) -> None:
    matched.connector.fail_next(matched.users["ana"].personal_chat, 429, 429)

    matched.advance(timedelta(days=5))
    matched.advance(timedelta(days=1))

    assert did_you_meet_cards(matched, "ana") == 1
    assert did_you_meet_cards(matched, "kim") == 1
    assert attempts_of_sent_prompts(matched)[-1] > 1


def test_a_teams_timeout_is_retried_and_the_check_in_arrives_once(matched: LocalTeams) -> None:
    matched.rounds.messenger.send_timeout = 0.3
    matched.connector.stall_next(matched.users["ana"].personal_chat, 1.0)

    matched.advance(timedelta(days=5))
    matched.advance(timedelta(days=1))

    assert did_you_meet_cards(matched, "ana") == 1
    assert did_you_meet_cards(matched, "kim") == 1
    assert attempts_of_sent_prompts(matched)[-1] > 1


def test_a_blocked_chat_is_final_and_not_retried(matched: LocalTeams) -> None:
    matched.connector.fail(matched.users["ana"].personal_chat, 403)

    matched.advance(timedelta(days=5))
    matched.advance(timedelta(days=1))

    with matched.services.database.read() as session:
        failed = session.exec(select(Prompt).where(Prompt.status == PromptStatus.FAILED)).all()
    assert did_you_meet_cards(matched, "ana") == 0
    assert did_you_meet_cards(matched, "kim") == 1
    assert [(p.attempts, p.last_error) for p in failed] == [(1, "Teams answered 403")]

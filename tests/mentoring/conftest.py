from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from tests.mentoring.journey import make_mentee, make_mentor

MONDAY_MORNING = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
ORGANIZER = "U0PD"


def populate(rounds: LocalRounds) -> None:
    rounds.add_user(ORGANIZER, "Maya Patel")
    make_mentee(rounds, "U0ANA", "Ana Ruiz")
    make_mentee(rounds, "U0BEN", "Ben Okafor")
    make_mentor(
        rounds,
        "U0KIM",
        "Grace Kim",
        "pediatric_cardiology",
        ("fellowship_applications",),
        about="Fellowship applications and research in pediatric cardiology",
    )
    make_mentor(rounds, "U0LEE", "Sam Lee", "pediatrics", ("fellowship_applications", "research"))
    make_mentor(rounds, "U0ORT", "Luis Ortiz", "cardiology", ("research",))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def journey(clock: FakeClock) -> Iterator[LocalRounds]:
    with LocalRounds(clock=clock, organizers=(ORGANIZER,)) as rounds:
        populate(rounds)
        yield rounds
        assert rounds.fake.block_errors == []

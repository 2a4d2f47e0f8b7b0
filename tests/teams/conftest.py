import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from devtools.slack.harness import LocalRounds
from devtools.teams.harness import LocalTeams
from tests.teams.platforms import Journey, SlackJourney, TeamsJourney, make_mentee, make_mentor

MONDAY_MORNING = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def populate(journey: Journey) -> None:
    make_mentee(journey, "ana", "Ana Ruiz")
    make_mentor(journey, "kim", "Grace Kim", "pediatric_cardiology", ("fellowship_applications",))
    make_mentor(journey, "lee", "Sam Lee", "pediatrics", ("research",))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_MORNING)


@pytest.fixture
def teams(clock: FakeClock) -> Iterator[LocalTeams]:
    with LocalTeams(clock=clock) as local:
        yield local


@pytest.fixture(params=["slack", "teams"])
def journey(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[Journey]:
    """The same cohort on either platform: a mentee and two mentors."""
    if request.param == "slack":
        with LocalRounds(clock=clock) as slack:
            played: Journey = SlackJourney(slack)
            populate(played)
            yield played
            assert slack.fake.block_errors == []
    else:
        with LocalTeams(clock=clock) as local:
            played = TeamsJourney(local)
            populate(played)
            yield played


@pytest.fixture(autouse=True)
def quiet_sdk_warnings(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="microsoft_agents")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The SDK keeps its claims under a plain string key, which aiohttp warns about.
    for item in items:
        if "tests/teams/" in str(item.path):
            item.add_marker(pytest.mark.filterwarnings("ignore::aiohttp.web.NotAppKeyWarning"))

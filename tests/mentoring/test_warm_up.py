"""Warming the ranking as the server starts changes nothing anyone sees."""

from sqlmodel import select

from bot.matching.embeddings import EmbeddingsScorer
from bot.matching.scoring import DefaultScorer
from devtools.slack.harness import LocalRounds
from storage.models import MentoringRequest
from tests.mentoring.journey import ask, dm_texts

GOAL = "help with fellowship applications in pediatric cardiology"


def test_warming_up_sends_nothing_records_nothing_and_suggests_the_same(
    journey: LocalRounds,
) -> None:
    calls_before = len(journey.fake.calls)

    journey.services.warm_up()
    journey.settle()

    assert len(journey.fake.calls) == calls_before
    with journey.services.database.read() as session:
        assert session.exec(select(MentoringRequest)).all() == []
    ask(journey, "U0ANA", GOAL)
    suggestions = dm_texts(journey, "U0ANA")[-1]
    assert "@Grace Kim" in suggestions and "@Sam Lee" in suggestions
    assert "@Luis Ortiz" not in suggestions


def test_warming_up_never_calls_the_embeddings_service(journey: LocalRounds) -> None:
    default = journey.services.requests.context.scorer
    assert isinstance(default, DefaultScorer)
    scorer = EmbeddingsScorer("test-key", "http://127.0.0.1:9", fallback=default)
    asked: list[list[str]] = []
    scorer._embed = asked.append  # type: ignore[method-assign]
    journey.services.requests.context.scorer = scorer

    journey.services.warm_up()

    assert asked == []

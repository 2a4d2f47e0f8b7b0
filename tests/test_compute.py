"""Cohort drafts and program reports computed in a worker process, as the app runs them."""

import os
import pickle
from collections.abc import Iterator

import pytest

from bot.clock import FakeClock
from bot.compute import Compute
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.scoring import DefaultScorer
from bot.reports import build_report
from bot.reports.sample import seed_program
from devtools.slack.harness import LocalRounds
from devtools.slack.textview import call_text
from tests.mentoring.conftest import MONDAY_MORNING, ORGANIZER, populate
from tests.mentoring.journey import last_dm, names, press
from tests.reports.conftest import END, START


@pytest.fixture(scope="module")
def pool() -> Iterator[Compute]:
    compute = Compute(1)
    compute.start(wait=True)  # starting takes seconds on a busy machine; not timed below
    yield compute
    compute.shutdown()


@pytest.fixture
def rounds(pool: Compute) -> Iterator[LocalRounds]:
    with LocalRounds(clock=FakeClock(MONDAY_MORNING), organizers=(ORGANIZER,)) as local:
        local.services.cohort.compute = pool
        yield local


def test_work_runs_in_another_process_unless_it_cannot_be_sent_there(pool: Compute) -> None:
    assert pool.run(os.getpid) != os.getpid()
    assert pool.run(lambda: os.getpid()) == os.getpid()


def test_a_cohort_drafted_in_a_worker_process_is_shown_and_publishes(rounds: LocalRounds) -> None:
    populate(rounds)

    rounds.command(ORGANIZER, "/mentor", "cohort")
    draft = last_dm(rounds, ORGANIZER)
    press(rounds, ORGANIZER, draft, "cohort.publish")

    preview = call_text(draft, names(rounds))
    assert "Matched 2" in preview and "Hard-rule violations 0" in preview
    assert "@Ana Ruiz → " in preview and "@Ben Okafor → " in preview
    replies = [call_text(c) for c in rounds.fake.calls_to("response_url")]
    assert replies == ["Published: 2 pairs were introduced."]


def test_a_report_computed_in_a_worker_process_is_the_one_computed_here(
    rounds: LocalRounds, pool: Compute
) -> None:
    database = rounds.services.database
    seed_program(database, START)

    pooled = build_report(database, START, END, compute=pool)

    assert pooled == build_report(database, START, END)


def test_the_matching_scorer_travels_to_a_worker_rather_than_drafts_running_inline() -> None:
    # Work that cannot be pickled runs inline, in the app's own process, where a draft's
    # seconds of matching hold up every ack.
    scorer = DefaultScorer()
    sent = pickle.loads(pickle.dumps(scorer))
    need = MenteeNeed(person_id="1", goal="research in pediatric cardiology")
    mentor = MentorProfile(person_id="2", help_text="I run a pediatric cardiology research lab")

    assert isinstance(sent, DefaultScorer)
    assert sent.score(need, mentor).value == pytest.approx(scorer.score(need, mentor).value)

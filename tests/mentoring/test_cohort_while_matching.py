"""A cohort draft is matched with no transaction open, so people keep working meanwhile."""

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest

import bot.mentoring.cohort
import storage.db
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.scoring import DefaultScorer, Score
from bot.mentoring.cohort import PUBLISH
from bot.people import People
from bot.profiles import Profiles
from bot.replies import Choices, Fields, Mention, Paragraph, Reply, paragraph, plain_text, reply
from devtools.slack.harness import LocalRounds
from storage.db import Database
from tests.mentoring.conftest import ORGANIZER
from tests.mentoring.journey import ref

# Far below how long the matching takes: a writer waiting on the draft would fail.
SHORT_BUSY_TIMEOUT_MS = 200


class WritesWhileScoring:
    """Scores as usual, but the first time it is asked, another writer acts and is waited for."""

    def __init__(self, write: Callable[[], None]) -> None:
        self.inner = DefaultScorer()
        self.write = write
        self.failures: list[Exception] = []
        self.writes = 0

    def score(self, need: MenteeNeed, mentor: MentorProfile) -> Score:
        if not self.writes:
            self.writes += 1
            writer = threading.Thread(target=self._write)
            writer.start()
            writer.join()
        return self.inner.score(need, mentor)

    def _write(self) -> None:
        try:
            self.write()
        except Exception as error:
            self.failures.append(error)


@pytest.fixture
def impatient_database(journey: LocalRounds, monkeypatch: pytest.MonkeyPatch) -> Database:
    """A second connection to the same database that gives up on a lock almost at once."""
    assert journey.services.database.is_sqlite
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT_MS", SHORT_BUSY_TIMEOUT_MS)
    return Database(journey.services.database.url)


def figures(draft: Reply) -> dict[str, str]:
    return {
        name: value
        for part in draft.parts
        if isinstance(part, Fields)
        for name, value in part.items
    }


def mentioned(draft: Reply) -> set[str]:
    return {
        span.user_id
        for part in draft.parts
        if isinstance(part, Paragraph)
        for span in part.spans
        if isinstance(span, Mention)
    }


def test_someone_else_can_save_while_a_draft_is_matched(
    journey: LocalRounds, impatient_database: Database
) -> None:
    people = People(impatient_database, frozenset())
    scorer = WritesWhileScoring(lambda: people.remember(ref("U0ANA"), "Ana R.", "Europe/Madrid"))
    journey.services.cohort.scorer = scorer

    draft = journey.services.cohort.draft(ref(ORGANIZER))

    assert scorer.writes == 1 and scorer.failures == []
    member = journey.services.people.find(ref("U0ANA"))
    assert member is not None and member.display_name == "Ana R."
    assert figures(draft)["Matched"] == "2"


def test_a_mentor_who_pauses_while_the_draft_is_matched_is_left_out_of_it(
    journey: LocalRounds, impatient_database: Database
) -> None:
    profiles = Profiles(impatient_database)
    later = journey.services.clock.now().date() + timedelta(days=30)

    def two_mentors_pause() -> None:
        profiles.pause(ref("U0KIM"), later)
        profiles.pause(ref("U0LEE"), later)

    scorer = WritesWhileScoring(two_mentors_pause)
    journey.services.cohort.scorer = scorer

    draft = journey.services.cohort.draft(ref(ORGANIZER))

    assert scorer.failures == []
    assert figures(draft)["Matched"] == "2"
    assert mentioned(draft) == {"U0ANA", "U0BEN", "U0ORT"}


def draft_id(draft: Reply) -> int:
    (publish,) = (
        choice
        for part in draft.parts
        if isinstance(part, Choices)
        for choice in part.choices
        if choice.action_id == PUBLISH
    )
    return int(publish.value)


def test_a_newer_draft_replaces_the_open_one_so_no_mentee_is_introduced_twice(
    journey: LocalRounds,
) -> None:
    cohort = journey.services.cohort
    older = cohort.draft(ref(ORGANIZER))
    newer = cohort.draft(ref(ORGANIZER))

    assert plain_text(cohort.publish(draft_id(older), ref(ORGANIZER)).shown) == (
        "This draft was already superseded."
    )
    assert plain_text(cohort.publish(draft_id(newer), ref(ORGANIZER)).shown) == (
        "Published: 2 pairs were introduced."
    )


def test_when_pairs_keep_breaking_the_organizer_is_asked_to_retry_and_nothing_is_stored(
    journey: LocalRounds, impatient_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot.mentoring.cohort, "DRAFT_ATTEMPTS", 1)
    profiles = Profiles(impatient_database)
    later = journey.services.clock.now().date() + timedelta(days=30)

    def every_mentor_pauses() -> None:
        for mentor in ("U0KIM", "U0LEE", "U0ORT"):
            profiles.pause(ref(mentor), later)

    journey.services.cohort.scorer = WritesWhileScoring(every_mentor_pauses)

    draft = journey.services.cohort.draft(ref(ORGANIZER))

    assert plain_text(draft) == bot.mentoring.cohort.KEPT_CHANGING
    assert journey.services.cohort.publish(1, ref(ORGANIZER)).shown == reply(
        paragraph("That draft no longer exists.")
    )

"""Matching a whole cohort at once: a draft the organizer previews, then publishes."""

from dataclasses import dataclass
from datetime import date, datetime

from bot.assessment import kept_apart_among, with_kept_apart
from bot.clock import Clock
from bot.compute import INLINE, Compute
from bot.domain import Introduced, record
from bot.identity import PersonRef
from bot.matching.assign import CohortFigures, CohortPlan, assign_cohort, count_violations
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.scoring import Scorer
from bot.mentoring.model import Format, Outcome
from bot.mentoring.requests import MentorRequests
from bot.profiles import mentee_need, mentor_profiles, rules_need
from bot.replies import (
    Choice,
    Choices,
    Fields,
    Header,
    Mention,
    Part,
    Reply,
    counted,
    note,
    paragraph,
    reply,
)
from storage.assessment import AssessmentRepository
from storage.cohort import CohortRepository, DraftStatus
from storage.db import Database
from storage.models import Person, Relationship

PUBLISH = "cohort.publish"
DISCARD = "cohort.discard"
PAIRS_PER_PARAGRAPH = 12
SHOWN_PAIRS = 240
# Each attempt recomputes only after someone changed a pair it chose; three in a row is rare.
DRAFT_ATTEMPTS = 3
KEPT_CHANGING = (
    "Mentors and mentees kept changing while the draft was being matched. "
    "Please try again in a minute."
)


@dataclass(frozen=True)
class DraftPair:
    mentee_user_id: str
    mentor_user_id: str
    fit: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CohortSnapshot:
    """What a draft is computed from: the mentees still waiting and every mentor's load."""

    needs: tuple[MenteeNeed, ...]
    mentors: tuple[MentorProfile, ...]


def _snapshot(cohort: CohortRepository, workspace_id: str) -> CohortSnapshot:
    needs = tuple(
        mentee_need(
            person,
            profile,
            profile.about if profile else "",
            tuple(profile.topics) if profile else (),
            None,
        )
        for person, profile in cohort.unmatched_mentees(workspace_id)
    )
    return _kept_apart(cohort, workspace_id, needs)


def _rules_snapshot(cohort: CohortRepository, workspace_id: str) -> CohortSnapshot:
    """Only what a draft's hard rules check, quick enough to read with the write lock held."""
    needs = tuple(
        rules_need(mentee.person_id, mentee.never_pair)
        for mentee in cohort.unmatched_mentee_rules(workspace_id)
    )
    return _kept_apart(cohort, workspace_id, needs)


def _kept_apart(
    cohort: CohortRepository, workspace_id: str, needs: tuple[MenteeNeed, ...]
) -> CohortSnapshot:
    """The needs and the workspace's mentors, each kept apart from whoever evaluates them."""
    mentors = tuple(mentor_profiles(cohort.profiles, workspace_id))
    apart = kept_apart_among(
        AssessmentRepository(cohort.session),
        workspace_id,
        {int(i) for i in [*(n.person_id for n in needs), *(m.person_id for m in mentors)] if i},
    )
    return CohortSnapshot(
        tuple(with_kept_apart(need, apart) for need in needs),
        tuple(with_kept_apart(mentor, apart) for mentor in mentors),
    )


def _still_holds(plan: CohortPlan, now: CohortSnapshot, today: date) -> bool:
    """True when no pair became wrong since the plan was made: the mentee found a mentor,
    the mentor paused, filled up or stopped mentoring, or someone asked never to be paired."""
    then = plan.figures.hard_rule_violations
    return count_violations(plan.pairs, now.needs, now.mentors, today) <= then


@dataclass(frozen=True)
class StoredDraft:
    draft_id: int
    figures: CohortFigures
    pairs: tuple[DraftPair, ...]
    unmatched: tuple[str, ...]


def match_cohort(
    database: Database, organizer: PersonRef, scorer: Scorer, now: datetime
) -> StoredDraft | None:
    """Match every mentee without a mentor and store the draft; None if people kept changing.

    Matching a large cohort takes a while, so it runs on a snapshot with no transaction
    open; the draft is stored only if its pairs still hold, else it is computed again.
    """
    today = now.date()
    for _ in range(DRAFT_ATTEMPTS):
        with CohortRepository.reading(database) as cohort:
            snapshot = _snapshot(cohort, organizer.workspace_id)
        plan = assign_cohort(snapshot.needs, snapshot.mentors, scorer, today)
        with CohortRepository.writing(database) as cohort:
            if _still_holds(plan, _rules_snapshot(cohort, organizer.workspace_id), today):
                return _store(cohort, organizer, plan, now)
    return None


def _store(
    cohort: CohortRepository, organizer: PersonRef, plan: CohortPlan, now: datetime
) -> StoredDraft:
    pairs = [[int(p.mentee_id), int(p.mentor_id)] for p in plan.pairs]
    draft_id = cohort.replace_open_drafts(
        organizer.workspace_id, cohort.people.get_or_create(organizer).id, pairs, now
    )
    users = cohort.people.user_ids(
        [i for pair in pairs for i in pair] + [int(u) for u in plan.unmatched]
    )
    shown = tuple(
        DraftPair(users[int(p.mentee_id)], users[int(p.mentor_id)], p.score, p.reasons)
        for p in plan.pairs
    )
    # A mentee left unmatched may have asked to be forgotten meanwhile.
    unmatched = tuple(users[int(u)] for u in plan.unmatched if int(u) in users)
    return StoredDraft(draft_id, plan.figures, shown, unmatched)


class CohortMatching:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        scorer: Scorer,
        requests: MentorRequests,
        compute: Compute = INLINE,
    ) -> None:
        self.database = database
        self.clock = clock
        self.scorer = scorer
        self.requests = requests
        self.compute = compute

    def draft(self, organizer: PersonRef) -> Reply:
        """Match every mentee without a mentor in a worker process; store the draft and show
        its figures."""
        stored = self.compute.with_database(
            self.database, match_cohort, organizer, self.scorer, self.clock.now()
        )
        if stored is None:
            return reply(paragraph(KEPT_CHANGING))
        return preview(stored.draft_id, stored.figures, list(stored.pairs), list(stored.unmatched))

    def publish(self, draft_id: int, organizer: PersonRef) -> Outcome:
        with CohortRepository.writing(self.database) as cohort:
            draft = cohort.draft(draft_id)
            if draft is None or draft.workspace_id != organizer.workspace_id:
                return Outcome(reply(paragraph("That draft no longer exists.")), changed=False)
            if draft.status != DraftStatus.DRAFT:
                return Outcome(
                    reply(paragraph(f"This draft was already {draft.status}.")), changed=False
                )
            draft.status = DraftStatus.PUBLISHED
            draft.published_at = self.clock.now()
            created = [
                self._start(cohort, mentee_id, mentor_id) for mentee_id, mentor_id in draft.pairs
            ]
        for relationship_id, mentor_ref, mentee_ref, goal, topics in created:
            self.requests.introduce(
                relationship_id,
                mentor_ref,
                mentee_ref,
                goal or "ongoing mentoring",
                Format.ONGOING,
                topics,
            )
        return Outcome(reply(paragraph(f"Published: {len(created)} pairs were introduced.")))

    def _start(
        self, cohort: CohortRepository, mentee_id: int, mentor_id: int
    ) -> tuple[int, PersonRef, PersonRef, str, tuple[str, ...]]:
        relationship = cohort.relationships.add(
            Relationship(
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                format=Format.ONGOING.value,
                started_at=self.clock.now(),
            )
        )
        mentor, mentee = cohort.people.get(mentor_id), cohort.people.get(mentee_id)
        profile = cohort.profiles.for_person(mentee_id)
        assert mentor is not None and mentee is not None and relationship.id is not None
        record(cohort.session, Introduced(relationship.id, Format.ONGOING), self.clock.now())
        return (
            relationship.id,
            _ref(mentor),
            _ref(mentee),
            profile.about if profile else "",
            tuple(profile.topics) if profile else (),
        )

    def discard(self, draft_id: int, organizer: PersonRef) -> Outcome:
        with CohortRepository.writing(self.database) as cohort:
            draft = cohort.draft(draft_id)
            if (
                draft is None
                or draft.status != DraftStatus.DRAFT
                or draft.workspace_id != organizer.workspace_id
            ):
                return Outcome(reply(paragraph("That draft is no longer open.")), changed=False)
            draft.status = DraftStatus.DISCARDED
        return Outcome(reply(paragraph("Draft discarded. Nothing was sent.")))


def preview(
    draft_id: int, figures: CohortFigures, pairs: list[DraftPair], unmatched: list[str]
) -> Reply:
    parts: list[Part] = [
        Header("Cohort matching draft"),
        paragraph("Nothing has been sent. Check the pairs, then publish to introduce everyone."),
        Fields(
            (
                ("Matched", str(figures.matched)),
                ("Unmatched", str(figures.unmatched)),
                (
                    "Fit: mean · 10th pct · min",
                    f"{figures.mean_fit:.2f} · {figures.p10_fit:.2f} · {figures.min_fit:.2f}",
                ),
                ("Mentor load: min · max", f"{figures.load_min} · {figures.load_max}"),
                ("Hard-rule violations", str(figures.hard_rule_violations)),
            )
        ),
    ]
    shown = pairs[:SHOWN_PAIRS]
    for start in range(0, len(shown), PAIRS_PER_PARAGRAPH):
        spans: list[str | Mention] = []
        for pair in shown[start : start + PAIRS_PER_PARAGRAPH]:
            spans += [
                "• ",
                Mention(pair.mentee_user_id),
                " → ",
                Mention(pair.mentor_user_id),
                f" ({pair.fit:.2f})\n",
            ]
        parts.append(paragraph(*spans))
    if len(pairs) > len(shown):
        parts.append(note(f"…and {len(pairs) - len(shown)} more pairs."))
    if unmatched:
        parts.append(
            note(
                f"{counted(len(unmatched), 'mentee')} could not be matched: "
                "no mentor with a free slot fits."
            )
        )
    parts.append(
        Choices(
            (
                Choice(
                    PUBLISH, f"Publish {len(pairs)} introductions", str(draft_id), style="primary"
                ),
                Choice(DISCARD, "Discard", str(draft_id)),
            )
        )
    )
    return reply(*parts, summary="Cohort matching draft")


def _ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)

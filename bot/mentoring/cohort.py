"""Matching a whole cohort at once: a draft the organizer previews, then publishes."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.domain import Introduced, record
from bot.identity import PersonRef
from bot.matching.assign import CohortFigures, assign_cohort
from bot.matching.scoring import Scorer
from bot.mentoring.model import Format, Outcome
from bot.mentoring.requests import MentorRequests
from bot.profiles import mentee_need, mentor_profiles
from bot.replies import (
    Choice,
    Choices,
    Fields,
    Header,
    Mention,
    Part,
    Reply,
    note,
    paragraph,
    reply,
)
from storage.db import Database
from storage.models import CohortDraft, Person, Relationship
from storage.people import PersonRepository
from storage.profiles import ProfileRepository

PUBLISH = "cohort.publish"
DISCARD = "cohort.discard"
PAIRS_PER_PARAGRAPH = 12
SHOWN_PAIRS = 240


@dataclass(frozen=True)
class DraftPair:
    mentee_user_id: str
    mentor_user_id: str
    fit: float
    reasons: tuple[str, ...]


class CohortMatching:
    def __init__(
        self, database: Database, clock: Clock, scorer: Scorer, requests: MentorRequests
    ) -> None:
        self.database = database
        self.clock = clock
        self.scorer = scorer
        self.requests = requests

    def draft(self, organizer: PersonRef) -> Reply:
        """Match every mentee without a mentor; store the draft and show its figures."""
        today = self.clock.now().date()
        with self.database.write() as session:
            mentees = self._unmatched_mentees(session, organizer.workspace_id)
            profiles = ProfileRepository(session)
            needs = [
                mentee_need(
                    p,
                    profiles.for_person(p.id or 0),
                    _about(profiles, p),
                    _topics(profiles, p),
                    None,
                )
                for p in mentees
            ]
            plan = assign_cohort(needs, mentor_profiles(session), self.scorer, today)
            author = PersonRepository(session).get_or_create(organizer)
            draft = CohortDraft(
                workspace_id=organizer.workspace_id,
                created_by=author.id,
                pairs=[[int(p.mentee_id), int(p.mentor_id)] for p in plan.pairs],
                created_at=self.clock.now(),
            )
            session.add(draft)
            session.flush()
            assert draft.id is not None
            users = PersonRepository(session).user_ids(
                [i for pair in draft.pairs for i in pair] + [int(u) for u in plan.unmatched],
            )
            pairs = [
                DraftPair(users[int(p.mentee_id)], users[int(p.mentor_id)], p.score, p.reasons)
                for p in plan.pairs
            ]
            unmatched = [users[int(u)] for u in plan.unmatched]
            return preview(draft.id, plan.figures, pairs, unmatched)

    def publish(self, draft_id: int, organizer: PersonRef) -> Outcome:
        with self.database.write() as session:
            draft = session.get(CohortDraft, draft_id)
            if draft is None or draft.workspace_id != organizer.workspace_id:
                return Outcome(reply(paragraph("That draft no longer exists.")), changed=False)
            if draft.status != "draft":
                return Outcome(
                    reply(paragraph(f"This draft was already {draft.status}.")), changed=False
                )
            draft.status = "published"
            draft.published_at = self.clock.now()
            session.add(draft)
            created = []
            for mentee_id, mentor_id in draft.pairs:
                relationship = Relationship(
                    mentor_id=mentor_id,
                    mentee_id=mentee_id,
                    format=Format.ONGOING.value,
                    started_at=self.clock.now(),
                )
                session.add(relationship)
                session.flush()
                mentor, mentee = session.get(Person, mentor_id), session.get(Person, mentee_id)
                profile = ProfileRepository(session).for_person(mentee_id)
                assert mentor is not None and mentee is not None and relationship.id is not None
                record(session, Introduced(relationship.id, Format.ONGOING), self.clock.now())
                created.append(
                    (
                        relationship.id,
                        _ref(mentor),
                        _ref(mentee),
                        profile.about if profile else "",
                        tuple(profile.topics) if profile else (),
                    )
                )
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

    def discard(self, draft_id: int, organizer: PersonRef) -> Outcome:
        with self.database.write() as session:
            draft = session.get(CohortDraft, draft_id)
            if (
                draft is None
                or draft.status != "draft"
                or draft.workspace_id != organizer.workspace_id
            ):
                return Outcome(reply(paragraph("That draft is no longer open.")), changed=False)
            draft.status = "discarded"
            session.add(draft)
        return Outcome(reply(paragraph("Draft discarded. Nothing was sent.")))

    @staticmethod
    def _unmatched_mentees(session: Session, workspace_id: str) -> list[Person]:
        with_mentor = select(Relationship.mentee_id).where(col(Relationship.ended_at).is_(None))
        return list(
            session.exec(
                select(Person).where(
                    col(Person.is_mentee).is_(True),
                    Person.workspace_id == workspace_id,
                    col(Person.id).not_in(with_mentor),
                )
            ).all()
        )


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
                f"{len(unmatched)} mentee(s) could not be matched: no mentor with a free slot fits."
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


def _about(profiles: ProfileRepository, person: Person) -> str:
    profile = profiles.for_person(person.id or 0)
    return profile.about if profile else ""


def _topics(profiles: ProfileRepository, person: Person) -> tuple[str, ...]:
    profile = profiles.for_person(person.id or 0)
    return tuple(profile.topics) if profile else ()

"""Mentoring requests, their steps (offers) and the relationships they become."""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, func, select

from storage.models import Feedback, MentoringRequest, Person, Relationship, RequestStep
from storage.people import PersonRepository
from storage.profiles import ProfileRepository


class StepKind(StrEnum):
    CREATED = "created"
    OFFERED = "offered"
    REMINDED = "reminded"
    DECLINED = "declined"
    SUGGESTED = "suggested"
    FULL = "full"
    PASSED_ON = "passed_on"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    UNMATCHED = "unmatched"


class RequestRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: MentoringRequest) -> MentoringRequest:
        self.session.add(request)
        self.session.flush()
        return request

    def get(self, request_id: int) -> MentoringRequest | None:
        return self.session.get(MentoringRequest, request_id)

    def add_step(
        self,
        request_id: int,
        kind: StepKind,
        at: datetime,
        mentor_id: int | None = None,
        reason: str | None = None,
    ) -> int:
        step = RequestStep(
            request_id=request_id, kind=kind.value, mentor_id=mentor_id, reason=reason, at=at
        )
        self.session.add(step)
        self.session.flush()
        assert step.id is not None
        return step.id

    def step(self, step_id: int) -> RequestStep | None:
        return self.session.get(RequestStep, step_id)

    def offer_count(self, request_id: int) -> int:
        return self.session.exec(
            select(func.count()).where(
                RequestStep.request_id == request_id, RequestStep.kind == StepKind.OFFERED.value
            )
        ).one()

    def was_offered(self, request_id: int, mentor_id: int) -> bool:
        return (
            self.session.exec(
                select(RequestStep.id).where(
                    RequestStep.request_id == request_id,
                    RequestStep.kind == StepKind.OFFERED.value,
                    RequestStep.mentor_id == mentor_id,
                )
            ).first()
            is not None
        )

    def latest_offer_id(self, request_id: int) -> int | None:
        return self.session.exec(
            select(RequestStep.id)
            .where(RequestStep.request_id == request_id, RequestStep.kind == StepKind.OFFERED.value)
            .order_by(col(RequestStep.id).desc())
        ).first()

    def recent_for_mentee(self, mentee_id: int, limit: int) -> list[MentoringRequest]:
        """The mentee's newest requests first."""
        return list(
            self.session.exec(
                select(MentoringRequest)
                .where(MentoringRequest.mentee_id == mentee_id)
                .order_by(col(MentoringRequest.created_at).desc())
                .limit(limit)
            ).all()
        )

    def offered_to(self, mentor_id: int, status: str) -> list[MentoringRequest]:
        """Requests in this status whose current mentor is this one."""
        return list(
            self.session.exec(
                select(MentoringRequest)
                .where(
                    MentoringRequest.current_mentor_id == mentor_id,
                    MentoringRequest.status == status,
                )
                .order_by(col(MentoringRequest.id))
            ).all()
        )


class RelationshipRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, relationship: Relationship) -> Relationship:
        self.session.add(relationship)
        self.session.flush()
        return relationship

    def get(self, relationship_id: int) -> Relationship | None:
        return self.session.get(Relationship, relationship_id)

    def ongoing(self, relationship_id: int | None) -> Relationship | None:
        """The relationship, unless it has ended."""
        relationship = self.get(relationship_id) if relationship_id is not None else None
        return relationship if relationship is not None and relationship.ended_at is None else None

    def is_ongoing(self, relationship_id: int) -> bool:
        return self.ongoing(relationship_id) is not None

    def member_ids(self, relationship_id: int) -> tuple[int, ...]:
        """Mentor and mentee, or nobody when the relationship is gone."""
        relationship = self.get(relationship_id)
        return () if relationship is None else (relationship.mentor_id, relationship.mentee_id)

    def open_for(self, person_id: int) -> list[Relationship]:
        return list(
            self.session.exec(
                select(Relationship)
                .where(
                    col(Relationship.ended_at).is_(None),
                    (Relationship.mentor_id == person_id) | (Relationship.mentee_id == person_id),
                )
                .order_by(col(Relationship.id))
            ).all()
        )

    def newest_open_as_mentee(self, mentee_id: int) -> Relationship | None:
        return self.session.exec(
            select(Relationship)
            .where(Relationship.mentee_id == mentee_id, col(Relationship.ended_at).is_(None))
            .order_by(col(Relationship.started_at).desc())
        ).first()

    def open_as_mentor(self, mentor_id: int) -> list[Relationship]:
        """The mentor's open relationships, oldest first."""
        return list(
            self.session.exec(
                select(Relationship)
                .where(Relationship.mentor_id == mentor_id, col(Relationship.ended_at).is_(None))
                .order_by(col(Relationship.started_at))
            ).all()
        )

    def add_feedback(self, feedback: Feedback) -> None:
        self.session.add(feedback)


class RequestStore:
    """The repositories one request transaction works with."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.requests = RequestRepository(session)
        self.relationships = RelationshipRepository(session)
        self.people = PersonRepository(session)
        self.profiles = ProfileRepository(session)

    def person(self, person_id: int | None) -> Person:
        person = self.session.get(Person, person_id) if person_id is not None else None
        if person is None:
            raise LookupError(f"no person {person_id}")
        return person

    def organizers(self, workspace_id: str) -> list[Person]:
        return list(
            self.session.exec(
                select(Person).where(
                    col(Person.is_organizer).is_(True), Person.workspace_id == workspace_id
                )
            ).all()
        )

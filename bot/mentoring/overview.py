"""What the App Home shows about someone's requests and mentoring relationships."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from bot.identity import PersonRef
from bot.mentoring import messages
from bot.mentoring.model import RequestStatus
from bot.replies import Choice, Choices, Divider, Header, Mention, Part, Strong, note, paragraph
from storage.db import Database
from storage.models import MentoringRequest, Person, Relationship, RequestStep
from storage.people import PersonRepository
from storage.profiles import ProfileRepository

PAUSE = "mentor.pause"
RESUME = "mentor.resume"


@dataclass(frozen=True)
class RequestLine:
    request_id: int
    goal: str
    status: RequestStatus
    mentor_user_id: str | None


@dataclass(frozen=True)
class Nudge:
    request_id: int
    offer_id: int
    mentee_user_id: str
    goal: str


@dataclass(frozen=True)
class Overview:
    requests: tuple[RequestLine, ...] = ()
    mentors: tuple[str, ...] = ()
    mentees: tuple[str, ...] = ()
    nudges: tuple[Nudge, ...] = ()
    load: int = 0
    capacity: int = 0
    paused_until: date | None = None
    is_mentor: bool = False


def overview(database: Database, ref: PersonRef) -> Overview:
    with database.read() as session:
        person = PersonRepository(session).find(ref)
        if person is None or person.id is None:
            return Overview()
        profile = ProfileRepository(session).for_person(person.id)
        relationships = session.exec(
            select(Relationship).where(
                col(Relationship.ended_at).is_(None),
                (Relationship.mentor_id == person.id) | (Relationship.mentee_id == person.id),
            )
        ).all()
        return Overview(
            requests=_requests(session, person.id),
            mentors=tuple(
                _user_id(session, r.mentor_id) for r in relationships if r.mentee_id == person.id
            ),
            mentees=tuple(
                _user_id(session, r.mentee_id) for r in relationships if r.mentor_id == person.id
            ),
            nudges=_nudges(session, person.id),
            load=sum(1 for r in relationships if r.mentor_id == person.id),
            capacity=profile.capacity if profile else 0,
            paused_until=profile.paused_until if profile else None,
            is_mentor=person.is_mentor,
        )


def _user_id(session: Session, person_id: int) -> str:
    person = session.get(Person, person_id)
    return person.user_id if person else ""


def _requests(session: Session, person_id: int) -> tuple[RequestLine, ...]:
    rows = session.exec(
        select(MentoringRequest)
        .where(MentoringRequest.mentee_id == person_id)
        .order_by(col(MentoringRequest.created_at).desc())
        .limit(10)
    ).all()
    return tuple(
        RequestLine(
            r.id or 0,
            r.goal,
            RequestStatus(r.status),
            _user_id(session, r.current_mentor_id) if r.current_mentor_id else None,
        )
        for r in rows
    )


def _nudges(session: Session, person_id: int) -> tuple[Nudge, ...]:
    rows = session.exec(
        select(MentoringRequest).where(
            MentoringRequest.current_mentor_id == person_id,
            MentoringRequest.status == RequestStatus.WAITING.value,
        )
    ).all()
    nudges = []
    for row in rows:
        offer = session.exec(
            select(RequestStep)
            .where(RequestStep.request_id == row.id, RequestStep.kind == "offered")
            .order_by(col(RequestStep.id).desc())
        ).first()
        if offer is not None and offer.id is not None:
            nudges.append(Nudge(row.id or 0, offer.id, _user_id(session, row.mentee_id), row.goal))
    return tuple(nudges)


def mentoring_section(view: Overview, today: date) -> tuple[Part, ...]:
    parts: list[Part] = []
    if view.requests or view.mentors:
        parts += [Header("Your requests and mentors")]
        for line in view.requests:
            status = line.status.label
            mentor = (
                (Mention(line.mentor_user_id),)
                if line.mentor_user_id and line.status is RequestStatus.WAITING
                else ()
            )
            parts.append(
                paragraph(
                    "• ", line.goal[:150], " — ", status, *((" (", *mentor, ")") if mentor else ())
                )
            )
            if line.status.value in (RequestStatus.CHOOSING.value, RequestStatus.WAITING.value):
                parts.append(
                    Choices((Choice(messages.CANCEL, "Cancel this request", str(line.request_id)),))
                )
        if view.mentors:
            parts.append(paragraph(Strong("Your mentors: "), *_mentions(view.mentors)))
        parts.append(Divider())
    if view.is_mentor:
        paused = view.paused_until is not None and view.paused_until > today
        parts += [
            Header("Your mentoring"),
            paragraph(
                Strong("Mentees: "),
                f"{view.load} of {view.capacity}",
                *((" — ", *_mentions(view.mentees)) if view.mentees else ()),
            ),
        ]
        for nudge in view.nudges:
            parts += [
                paragraph(
                    "Waiting for your answer: ",
                    Mention(nudge.mentee_user_id),
                    " — ",
                    nudge.goal[:150],
                ),
                Choices(
                    (
                        Choice(
                            messages.ACCEPT,
                            "Accept",
                            f"{nudge.request_id}:{nudge.offer_id}",
                            "primary",
                        ),
                        Choice(
                            messages.SUGGEST,
                            "Suggest a colleague",
                            f"{nudge.request_id}:{nudge.offer_id}",
                        ),
                        Choice(messages.DECLINE, "Decline", f"{nudge.request_id}:{nudge.offer_id}"),
                    )
                ),
            ]
        if paused:
            assert view.paused_until is not None
            parts += [
                note(
                    f"New requests are paused until {view.paused_until:%B} {view.paused_until.day}."
                ),
                Choices((Choice(RESUME, "Resume new requests"),)),
            ]
        else:
            parts.append(Choices((Choice(PAUSE, "Pause new requests for a month"),)))
        if view.mentees or view.mentors:
            parts.append(Choices((Choice(messages.END, "Close a relationship"),)))
        parts.append(Divider())
    return tuple(parts)


def _mentions(user_ids: tuple[str, ...]) -> tuple[Mention | str, ...]:
    spans: list[Mention | str] = []
    for index, user_id in enumerate(user_ids):
        if index:
            spans.append(", ")
        spans.append(Mention(user_id))
    return tuple(spans)

"""What the App Home shows about someone's requests and mentoring relationships."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.identity import PersonRef
from bot.mentoring import messages
from bot.mentoring.model import RequestStatus
from bot.replies import Choice, Choices, Divider, Header, Mention, Part, Strong, note, paragraph
from storage.db import Database
from storage.requests import RequestStore

PAUSE = "mentor.pause"
RESUME = "mentor.resume"
SHOWN_REQUESTS = 10


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
        store = RequestStore(session)
        person = store.people.find(ref)
        if person is None or person.id is None:
            return Overview()
        profile = store.profiles.for_person(person.id)
        relationships = store.relationships.open_for(person.id)
        requests = store.requests.recent_for_mentee(person.id, SHOWN_REQUESTS)
        nudges = [
            (row, store.requests.latest_offer_id(row.id or 0))
            for row in store.requests.offered_to(person.id, RequestStatus.WAITING.value)
        ]
        users = store.people.user_ids(
            [r.mentor_id for r in relationships]
            + [r.mentee_id for r in relationships]
            + [r.current_mentor_id for r in requests if r.current_mentor_id]
            + [row.mentee_id for row, _ in nudges]
        )
    return Overview(
        requests=tuple(
            RequestLine(
                r.id or 0,
                r.goal,
                RequestStatus(r.status),
                users.get(r.current_mentor_id, "") if r.current_mentor_id else None,
            )
            for r in requests
        ),
        mentors=_each_once(users, (r.mentor_id for r in relationships if r.mentee_id == person.id)),
        mentees=_each_once(users, (r.mentee_id for r in relationships if r.mentor_id == person.id)),
        nudges=tuple(
            Nudge(row.id or 0, offer_id, users.get(row.mentee_id, ""), row.goal)
            for row, offer_id in nudges
            if offer_id is not None
        ),
        load=sum(1 for r in relationships if r.mentor_id == person.id),
        capacity=profile.capacity if profile else 0,
        paused_until=profile.paused_until if profile else None,
        is_mentor=person.is_mentor,
    )


def _each_once(users: dict[int, str], person_ids: Iterable[int]) -> tuple[str, ...]:
    """Their user ids in order, each once however many relationships they share."""
    return tuple(dict.fromkeys(users.get(person_id, "") for person_id in person_ids))


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

"""The fit check: after an ongoing pair's first meeting each side privately says how it fits.

"Not a fit" from either side ends the relationship kindly for both: nobody is told who said
it or why, the mentor is thanked, and the mentee gets fresh suggestions. Organizers see only
counts of the answers.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.domain import Ended, Introduced, record
from bot.identity import PersonRef
from bot.lasting.ongoing import ongoing_relationship
from bot.mentoring.model import Format, MentoringRole, RequestInput, RequestProblems
from bot.mentoring.requests import MentorRequests
from bot.outbox import Composed, NotWanted, Outbox, Urgency, direct
from bot.replies import Choice, Choices, Header, Mention, Reply, note, paragraph, reply
from storage.db import Database
from storage.lasting import LastingRepository
from storage.models import Prompt, Relationship

FIT_CHECK = "lasting.fit_check"
FIT_ENDED = "lasting.fit_ended"
RELATIONSHIP = "relationship"
FALLBACK_GOAL = "Ongoing mentoring"


class FitAnswer(StrEnum):
    GOOD_FIT = "good_fit"
    NOT_SURE = "not_sure"
    NOT_A_FIT = "not_a_fit"

    @property
    def label(self) -> str:
        return {
            FitAnswer.GOOD_FIT: "Good fit",
            FitAnswer.NOT_SURE: "Not sure yet",
            FitAnswer.NOT_A_FIT: "Not a fit",
        }[self]

    @property
    def action_id(self) -> str:
        return f"fit.{self.value}"


FIT_ACTIONS = tuple(answer.action_id for answer in FitAnswer)


def fit_question(prompt_id: int, other_user_id: str) -> Reply:
    return reply(
        Header("How is the fit?"),
        paragraph(
            "You have had time for a first meeting with ",
            Mention(other_user_id),
            ". How does it feel so far?",
        ),
        Choices(tuple(Choice(a.action_id, a.label, str(prompt_id)) for a in FitAnswer)),
        note(
            "Only you see your answer. If either of you says it is not a fit, the mentoring "
            "closes kindly for both, with no reason given."
        ),
        summary="How is the fit?",
    )


def answered(answer: FitAnswer) -> Reply:
    said = {
        FitAnswer.GOOD_FIT: "Glad it fits. Enjoy the mentoring.",
        FitAnswer.NOT_SURE: "Thanks. It often takes a meeting or two; we'll keep checking in.",
        FitAnswer.NOT_A_FIT: "Thank you for saying so. The mentoring is closed, kindly and "
        "without a reason given to anyone.",
    }[answer]
    return reply(paragraph(said), note("Your answer stays private."), summary="Thanks")


def closed_for_mentor(mentee_user_id: str) -> Reply:
    return _closed(mentee_user_id, "Thank you for the time and care you gave.")


def closed_for_mentee(mentor_user_id: str) -> Reply:
    return _closed(mentor_user_id, "Other mentors who fit your request follow in the next message.")


def _closed(other_user_id: str, closing: str) -> Reply:
    """The same kind words for both sides: no blame, and no reason given."""
    return reply(
        paragraph(
            "Your mentoring with ",
            Mention(other_user_id),
            " has come to a close. Good matches sometimes take a few tries, and that is "
            "nobody's fault.",
        ),
        paragraph(closing),
        summary="Your mentoring has closed",
    )


def gone() -> Reply:
    return reply(paragraph("This question has closed."), summary="Closed")


@dataclass(frozen=True)
class FitResult:
    shown: Reply
    replace: bool = True


@dataclass(frozen=True)
class _Rematch:
    mentee: PersonRef
    request: RequestInput


class FitChecks:
    """Asks both sides of an ongoing relationship, and closes it kindly on a "not a fit"."""

    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, requests: MentorRequests
    ) -> None:
        self.database = database
        self.clock = clock
        self.outbox = outbox
        self.requests = requests
        outbox.compose_with(
            (FIT_CHECK,), lambda session, prompt: compose(LastingRepository(session), prompt)
        )

    def introduced(self, event: Introduced) -> None:
        """Domain event handler: ask both sides once a first meeting has had time to happen."""
        with LastingRepository.writing(self.database) as lasting:
            relationship = ongoing_relationship(lasting, event)
            if relationship is None:
                return
            due = first_meeting_by(relationship)
            for person_id in (relationship.mentor_id, relationship.mentee_id):
                self.outbox.add(
                    lasting.session,
                    kind=FIT_CHECK,
                    person_id=person_id,
                    subject_type=RELATIONSHIP,
                    subject_id=event.relationship_id,
                    dedupe_key=f"{FIT_CHECK}:{event.relationship_id}:{person_id}",
                    due=due,
                )

    def answer(self, prompt_id: int, presser: PersonRef, answer: FitAnswer) -> FitResult:
        """Record a private answer once; a "not a fit" closes the relationship for both."""
        rematch: _Rematch | None = None
        with LastingRepository.writing(self.database) as lasting:
            prompt = lasting.prompt(prompt_id)
            person = lasting.person(prompt.person_id) if prompt and prompt.person_id else None
            if prompt is None or prompt.kind != FIT_CHECK or person is None:
                return FitResult(gone(), replace=False)
            if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
                return FitResult(
                    reply(paragraph("This question was for ", Mention(person.user_id), ".")),
                    replace=False,
                )
            relationship = lasting.relationship(prompt.subject_id)
            if relationship is None or relationship.ended_at is not None:
                return FitResult(gone())
            if not lasting.prompts.answer_once(prompt_id, answer.value, self.clock.now()):
                return FitResult(answered(FitAnswer(prompt.answer or answer.value)))
            if answer is FitAnswer.NOT_A_FIT:
                rematch = self._close(lasting, relationship)
        if rematch is not None:
            self._suggest_again(rematch)
        return FitResult(answered(answer))

    def _close(self, lasting: LastingRepository, relationship: Relationship) -> _Rematch:
        assert relationship.id is not None
        now = self.clock.now()
        relationship.ended_at = now
        relationship.end_reason = "not_a_fit"
        record(lasting.session, Ended(relationship.id), now)
        mentor = lasting.person(relationship.mentor_id)
        mentee = lasting.person(relationship.mentee_id)
        assert mentor is not None and mentee is not None
        key = f"{FIT_ENDED}:{relationship.id}"
        self.outbox.post_all(
            lasting.session,
            (
                direct(
                    FIT_ENDED,
                    relationship.mentor_id,
                    closed_for_mentor(mentee.user_id),
                    dedupe_key=f"{key}:mentor",
                ),
                direct(
                    FIT_ENDED,
                    relationship.mentee_id,
                    closed_for_mentee(mentor.user_id),
                    Urgency.NOW,
                    dedupe_key=f"{key}:mentee",
                ),
            ),
        )
        asked = lasting.request_of(relationship)
        request = RequestInput(
            goal=asked.goal if asked and len(asked.goal) >= 10 else FALLBACK_GOAL,
            topics=tuple(asked.topics) if asked else (),
            specialty=asked.specialty if asked else None,
            format=Format.ONGOING,
            role=MentoringRole(asked.mentoring_role) if asked and asked.mentoring_role else None,
            sensitive=bool(asked and asked.sensitive),
            leave_out=(relationship.mentor_id,),
        )
        return _Rematch(
            PersonRef(mentee.platform, mentee.workspace_id, mentee.user_id),
            request,
        )

    def _suggest_again(self, rematch: _Rematch) -> None:
        try:
            self.requests.start(rematch.mentee, rematch.request)
        except RequestProblems:
            return


def first_meeting_by(relationship: Relationship) -> datetime:
    """When a first meeting has had time to happen: a day after the first regular check-in,
    so the two questions do not arrive together."""
    first_checkin = timedelta(weeks=max(relationship.checkin_every_weeks, 1))
    return relationship.started_at + first_checkin + timedelta(days=1)


def compose(lasting: LastingRepository, prompt: Prompt) -> Composed | NotWanted:
    assert prompt.id is not None
    person = lasting.person(prompt.person_id) if prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id)
    if person is None:
        return NotWanted("person left")
    if relationship is None or relationship.ended_at is not None:
        return NotWanted("relationship ended")
    other_id = (
        relationship.mentee_id if relationship.mentor_id == person.id else relationship.mentor_id
    )
    other = lasting.person(other_id)
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    return Composed(to, fit_question(prompt.id, other.user_id if other else ""))

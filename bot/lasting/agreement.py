"""The mentoring agreement: at an ongoing introduction both agree, in one card, on how often
they meet, their first goals and confidentiality. Agreed terms set the check-in cadence and
become the mentee's goals."""

from dataclasses import dataclass
from datetime import datetime

from bot.checkins import CheckIns, Goals
from bot.clock import Clock
from bot.domain import Introduced
from bot.identity import PersonRef
from bot.lasting.ongoing import ongoing_relationship
from bot.outbox import Composed, NotWanted, Outbox, direct
from bot.replies import Choice, Choices, Fields, Header, Mention, Reply, note, paragraph, reply
from storage.db import Database
from storage.lasting import LastingRepository
from storage.models import MentoringAgreement, Prompt, Relationship

AGREEMENT = "lasting.agreement"
AGREED = "lasting.agreed"
OPEN_AGREEMENT = "agreement.open"
CADENCES = (1, 2, 4)
#: (value, label) for each cadence on any form.
CADENCE_CHOICES = tuple(
    (str(weeks), "Every week" if weeks == 1 else f"Every {weeks} weeks") for weeks in CADENCES
)
CONFIDENTIALITY = (
    "What we share stays between us, unless someone's safety is at risk; my mentor is not "
    "part of my assessment."
)
MAX_GOALS = 5


@dataclass(frozen=True)
class Terms:
    cadence_weeks: int = 2
    first_goals: tuple[str, ...] = ()
    confidential: bool = False


@dataclass(frozen=True)
class AgreementForm:
    prompt_id: int
    terms: Terms
    other_user_id: str
    other_agreed: bool


@dataclass(frozen=True)
class AgreementResult:
    shown: Reply
    form: AgreementForm | None = None


def invitation(prompt_id: int, other_user_id: str) -> Reply:
    return reply(
        Header("Your mentoring agreement"),
        paragraph(
            "Agree with ",
            Mention(other_user_id),
            " on how often you meet, your first goals and confidentiality. One form, a minute.",
        ),
        Choices((Choice(OPEN_AGREEMENT, "Set our agreement", str(prompt_id), style="primary"),)),
        summary="Your mentoring agreement",
    )


def agreed_message(terms: Terms, other_user_id: str) -> Reply:
    goals = "\n".join(f"• {goal}" for goal in terms.first_goals) or "none yet"
    return reply(
        Header("You both agreed"),
        paragraph("Your mentoring agreement with ", Mention(other_user_id), " is set."),
        Fields(
            (
                ("We meet", f"every {_weeks(terms.cadence_weeks)}"),
                ("First goals", goals),
                ("Confidentiality", CONFIDENTIALITY),
            )
        ),
        note("Check-ins follow this cadence; the goals are in /mentor goals."),
        summary="Mentoring agreement set",
    )


def _weeks(weeks: int) -> str:
    return "week" if weeks == 1 else f"{weeks} weeks"


def terms_problems(terms: Terms) -> dict[str, str]:
    problems = {}
    if terms.cadence_weeks not in CADENCES:
        problems["cadence"] = "Pick how often you meet."
    if not terms.confidential:
        problems["confidential"] = "An agreement needs you both to keep it confidential."
    if any(len(goal) > 200 for goal in terms.first_goals):
        problems["first_goals"] = "Keep each goal under 200 characters."
    return problems


def goals_of(text: str) -> tuple[str, ...]:
    lines = [line.strip(" •-\t") for line in text.splitlines()]
    return tuple(line for line in lines if line)[:MAX_GOALS]


class Agreements:
    def __init__(
        self, database: Database, clock: Clock, outbox: Outbox, checkins: CheckIns, goals: Goals
    ) -> None:
        self.database = database
        self.clock = clock
        self.outbox = outbox
        self.checkins = checkins
        self.goals = goals
        outbox.compose_with(
            (AGREEMENT,), lambda session, prompt: compose(LastingRepository(session), prompt)
        )

    def introduced(self, event: Introduced) -> None:
        """Domain event handler: both sides of an ongoing introduction get the agreement."""
        with LastingRepository.writing(self.database) as lasting:
            relationship = ongoing_relationship(lasting, event)
            if relationship is None:
                return
            for person_id in (relationship.mentee_id, relationship.mentor_id):
                self._ask(lasting, event.relationship_id, person_id)

    def form_for(self, prompt_id: int, presser: PersonRef) -> AgreementResult:
        with LastingRepository.reading(self.database) as lasting:
            return _open(lasting, prompt_id, presser)

    def submit(self, prompt_id: int, presser: PersonRef, terms: Terms) -> AgreementResult:
        """This side agrees to ``terms``; changed terms need the other side's yes again."""
        applied: tuple[Relationship, PersonRef] | None = None
        with LastingRepository.writing(self.database) as lasting:
            opened = _open(lasting, prompt_id, presser)
            if opened.form is None:
                return opened
            prompt = lasting.prompt(prompt_id)
            assert prompt is not None and prompt.person_id is not None
            relationship = lasting.relationship(prompt.subject_id)
            assert relationship is not None and relationship.id is not None
            stored = lasting.agreement(relationship.id) or MentoringAgreement(
                relationship_id=relationship.id
            )
            now = self.clock.now()
            if _terms(stored) != terms or stored.proposed_by_id is None:
                stored.cadence_weeks = terms.cadence_weeks
                stored.first_goals = "\n".join(terms.first_goals)
                stored.confidential = terms.confidential
                stored.proposed_by_id = prompt.person_id
                stored.mentor_agreed_at = stored.mentee_agreed_at = None
            if prompt.person_id == relationship.mentor_id:
                stored.mentor_agreed_at = now
            else:
                stored.mentee_agreed_at = now
            lasting.save_agreement(stored)
            other = opened.form.other_user_id
            if stored.mentor_agreed_at is None or stored.mentee_agreed_at is None:
                self._ask_other(lasting, relationship, prompt.person_id)
                return AgreementResult(
                    reply(
                        paragraph("Saved. ", Mention(other), " is asked to agree too."),
                        summary="Agreement saved",
                    )
                )
            mentee = lasting.person(relationship.mentee_id)
            assert mentee is not None
            applied = (
                relationship,
                PersonRef(mentee.platform, mentee.workspace_id, mentee.user_id),
            )
            self._tell_both(lasting, relationship, terms)
        self._apply(applied[0], applied[1], terms)
        return AgreementResult(agreed_message(terms, other))

    def _ask_other(
        self, lasting: LastingRepository, relationship: Relationship, person_id: int
    ) -> None:
        other = (
            relationship.mentee_id
            if person_id == relationship.mentor_id
            else relationship.mentor_id
        )
        assert relationship.id is not None
        self._ask(lasting, relationship.id, other, again_at=self.clock.now())

    def _ask(
        self,
        lasting: LastingRepository,
        relationship_id: int,
        person_id: int,
        again_at: datetime | None = None,
    ) -> None:
        """Send one side the agreement card; ``again_at`` asks once more after a change."""
        key = f"{AGREEMENT}:{relationship_id}:{person_id}"
        self.outbox.add(
            lasting.session,
            kind=AGREEMENT,
            person_id=person_id,
            subject_type="relationship",
            subject_id=relationship_id,
            dedupe_key=f"{key}:{again_at.isoformat()}" if again_at else key,
            due=self.clock.now(),
        )

    def _tell_both(
        self, lasting: LastingRepository, relationship: Relationship, terms: Terms
    ) -> None:
        users = {}
        for person_id in (relationship.mentor_id, relationship.mentee_id):
            person = lasting.person(person_id)
            users[person_id] = person.user_id if person else ""
        self.outbox.post_all(
            lasting.session,
            (
                direct(
                    AGREED,
                    person_id,
                    agreed_message(terms, users[other_id]),
                    dedupe_key=f"{AGREED}:{relationship.id}:{person_id}",
                )
                for person_id, other_id in (
                    (relationship.mentor_id, relationship.mentee_id),
                    (relationship.mentee_id, relationship.mentor_id),
                )
            ),
        )

    def _apply(self, relationship: Relationship, mentee: PersonRef, terms: Terms) -> None:
        assert relationship.id is not None
        self.checkins.set_checkin_every(relationship.id, terms.cadence_weeks)
        for goal in terms.first_goals:
            self.goals.add(mentee, goal)


def _terms(stored: MentoringAgreement) -> Terms:
    return Terms(stored.cadence_weeks, goals_of(stored.first_goals), stored.confidential)


def _open(lasting: LastingRepository, prompt_id: int, presser: PersonRef) -> AgreementResult:
    prompt = lasting.prompt(prompt_id)
    person = lasting.person(prompt.person_id) if prompt and prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id) if prompt else None
    if prompt is None or prompt.kind != AGREEMENT or person is None or relationship is None:
        return AgreementResult(reply(paragraph("This agreement has closed.")))
    if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
        return AgreementResult(reply(paragraph("This was for ", Mention(person.user_id), ".")))
    if relationship.ended_at is not None:
        return AgreementResult(reply(paragraph("This mentoring has closed.")))
    other_id = (
        relationship.mentee_id if person.id == relationship.mentor_id else relationship.mentor_id
    )
    other = lasting.person(other_id)
    stored = lasting.agreement(relationship.id or 0)
    other_agreed = bool(
        stored
        and (
            stored.mentee_agreed_at
            if other_id == relationship.mentee_id
            else stored.mentor_agreed_at
        )
    )
    terms = _terms(stored) if stored else Terms(relationship.checkin_every_weeks)
    assert prompt.id is not None
    return AgreementResult(
        reply(), AgreementForm(prompt.id, terms, other.user_id if other else "", other_agreed)
    )


def compose(lasting: LastingRepository, prompt: Prompt) -> Composed | NotWanted:
    assert prompt.id is not None
    person = lasting.person(prompt.person_id) if prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id)
    if person is None or relationship is None or relationship.ended_at is not None:
        return NotWanted("relationship ended")
    other_id = (
        relationship.mentee_id if person.id == relationship.mentor_id else relationship.mentor_id
    )
    other = lasting.person(other_id)
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    return Composed(to, invitation(prompt.id, other.user_id if other else ""))

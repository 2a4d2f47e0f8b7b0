"""Outcome surveys at 1 and 6 months and at the end of ongoing mentoring.

Each side answers a few 1–5 questions in confidence: the mentee on usefulness and progress on
their goals, the mentor on satisfaction and load. Nobody sees another's answers; the report
shows averages by month only for groups of five or more.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.domain import Ended, Introduced
from bot.identity import PersonRef
from bot.lasting.ongoing import ongoing_relationship
from bot.mentoring.model import Format
from bot.outbox import Composed, NotWanted, Outbox
from bot.replies import Choice, Choices, Header, Mention, Reply, note, paragraph, reply
from storage.db import Database
from storage.lasting import LastingRepository
from storage.models import OutcomeSurvey, Prompt

SURVEY = "lasting.survey"
RELATIONSHIP = "relationship"
MENTEE_FORM = "survey.mentee"
MENTOR_FORM = "survey.mentor"
SCALE = ("1 · not at all", "2", "3", "4", "5 · very much")
#: (value, label) for a 1–5 answer on any form.
SCALE_CHOICES = tuple((str(n), label) for n, label in enumerate(SCALE, start=1))
#: Relationships that ended this way get no closing survey.
NO_CLOSING_SURVEY = frozenset({"not_a_fit", "forgotten"})


class Milestone(StrEnum):
    ONE_MONTH = "one_month"
    SIX_MONTHS = "six_months"
    END = "end"

    @property
    def label(self) -> str:
        return {
            Milestone.ONE_MONTH: "1-month survey",
            Milestone.SIX_MONTHS: "6-month survey",
            Milestone.END: "closing survey",
        }[self]


AFTER = {Milestone.ONE_MONTH: timedelta(days=30), Milestone.SIX_MONTHS: timedelta(days=182)}


class Side(StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"


#: (answer field, question) asked of each side.
QUESTIONS = {
    Side.MENTEE: (
        ("usefulness", "How useful is the mentoring?"),
        ("goal_progress", "How much progress on your goals?"),
    ),
    Side.MENTOR: (
        ("satisfaction", "How satisfying is mentoring them?"),
        ("load", "How manageable is your mentoring load?"),
    ),
}


def survey_key(relationship_id: int, milestone: Milestone, person_id: int) -> str:
    return f"{SURVEY}:{relationship_id}:{milestone.value}:{person_id}"


def milestone_of(prompt: Prompt) -> Milestone | None:
    parts = prompt.dedupe_key.split(":")
    try:
        return Milestone(parts[2]) if len(parts) == 4 else None
    except ValueError:
        return None


def survey_invitation(
    prompt_id: int, other_user_id: str, milestone: Milestone, side: Side
) -> Reply:
    return reply(
        Header(f"Your {milestone.label}"),
        paragraph(
            "Two quick questions about your mentoring with ",
            Mention(other_user_id),
            ". It takes a minute.",
        ),
        Choices(
            (
                Choice(
                    MENTEE_FORM if side is Side.MENTEE else MENTOR_FORM,
                    "Answer",
                    str(prompt_id),
                    style="primary",
                ),
            )
        ),
        note("Confidential: never shown to them; reports only show averages of five or more."),
        summary=f"Your {milestone.label}",
    )


def thanks() -> Reply:
    return reply(paragraph("Thank you. Your answers are saved, in confidence."), summary="Thanks")


def gone() -> Reply:
    return reply(paragraph("This survey has closed."), summary="Closed")


@dataclass(frozen=True)
class SurveyForm:
    """What to ask the person who pressed Answer: their side's questions."""

    prompt_id: int
    milestone: Milestone
    side: Side


@dataclass(frozen=True)
class SurveyResult:
    shown: Reply
    form: SurveyForm | None = None


class Surveys:
    def __init__(self, database: Database, clock: Clock, outbox: Outbox) -> None:
        self.database = database
        self.clock = clock
        self.outbox = outbox
        outbox.compose_with(
            (SURVEY,), lambda session, prompt: compose(LastingRepository(session), prompt)
        )

    def introduced(self, event: Introduced) -> None:
        """Domain event handler: book the 1- and 6-month surveys of an ongoing relationship."""
        with LastingRepository.writing(self.database) as lasting:
            relationship = ongoing_relationship(lasting, event)
            if relationship is None:
                return
            for milestone, after in AFTER.items():
                self._ask_both(
                    lasting, event.relationship_id, milestone, relationship.started_at + after
                )

    def ended(self, event: Ended) -> None:
        """Domain event handler: the closing survey, unless it ended as not a fit."""
        with LastingRepository.writing(self.database) as lasting:
            relationship = lasting.relationship(event.relationship_id)
            if relationship is None or relationship.id is None:
                return
            if relationship.format != Format.ONGOING or (
                relationship.end_reason in NO_CLOSING_SURVEY
            ):
                return
            self._ask_both(lasting, relationship.id, Milestone.END, self.clock.now())

    def _ask_both(
        self, lasting: LastingRepository, relationship_id: int, milestone: Milestone, due: datetime
    ) -> None:
        relationship = lasting.relationship(relationship_id)
        assert relationship is not None
        for person_id in (relationship.mentee_id, relationship.mentor_id):
            self.outbox.add(
                lasting.session,
                kind=SURVEY,
                person_id=person_id,
                subject_type=RELATIONSHIP,
                subject_id=relationship_id,
                dedupe_key=survey_key(relationship_id, milestone, person_id),
                due=due,
            )

    def form_for(self, prompt_id: int, presser: PersonRef) -> SurveyResult:
        """The questions to show the presser, or why not (not theirs, answered, closed)."""
        with LastingRepository.reading(self.database) as lasting:
            return _open_survey(lasting, prompt_id, presser)

    def submit(self, prompt_id: int, presser: PersonRef, answers: dict[str, int]) -> SurveyResult:
        """Keep one side's answers once, in confidence."""
        with LastingRepository.writing(self.database) as lasting:
            opened = _open_survey(lasting, prompt_id, presser)
            if opened.form is None:
                return opened
            form = opened.form
            prompt = lasting.prompt(prompt_id)
            assert prompt is not None and prompt.person_id is not None
            if not lasting.prompts.answer_once(prompt_id, "answered", self.clock.now()):
                return SurveyResult(thanks())
            asked = {name for name, _ in QUESTIONS[form.side]}
            kept = {
                name: value for name, value in answers.items() if name in asked and 1 <= value <= 5
            }
            lasting.session.add(
                OutcomeSurvey(
                    relationship_id=prompt.subject_id,
                    person_id=prompt.person_id,
                    milestone=form.milestone.value,
                    side=form.side.value,
                    answered_at=self.clock.now(),
                    **kept,
                )
            )
        return SurveyResult(thanks())


def _open_survey(lasting: LastingRepository, prompt_id: int, presser: PersonRef) -> SurveyResult:
    prompt = lasting.prompt(prompt_id)
    person = lasting.person(prompt.person_id) if prompt and prompt.person_id else None
    milestone = milestone_of(prompt) if prompt else None
    relationship = lasting.relationship(prompt.subject_id) if prompt else None
    if prompt is None or person is None or milestone is None or relationship is None:
        return SurveyResult(gone())
    if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
        return SurveyResult(reply(paragraph("This survey was for ", Mention(person.user_id), ".")))
    if prompt.answered_at is not None:
        return SurveyResult(thanks())
    side = Side.MENTOR if relationship.mentor_id == person.id else Side.MENTEE
    assert prompt.id is not None
    return SurveyResult(reply(), SurveyForm(prompt.id, milestone, side))


def compose(lasting: LastingRepository, prompt: Prompt) -> Composed | NotWanted:
    assert prompt.id is not None
    person = lasting.person(prompt.person_id) if prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id)
    milestone = milestone_of(prompt)
    if person is None or relationship is None or milestone is None:
        return NotWanted("gone")
    if milestone is not Milestone.END and relationship.ended_at is not None:
        return NotWanted("relationship ended")
    is_mentor = relationship.mentor_id == person.id
    other = lasting.person(relationship.mentee_id if is_mentor else relationship.mentor_id)
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    side = Side.MENTOR if is_mentor else Side.MENTEE
    return Composed(
        to, survey_invitation(prompt.id, other.user_id if other else "", milestone, side)
    )

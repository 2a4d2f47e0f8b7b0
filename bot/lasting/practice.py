"""Mentor development: an optional two-minute practice in chat each month, drawn from the
tips (listening, feedback both ways, setting goals). Answers stay with the mentor: Rounds
keeps only that they tried it, or that they want no more."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.identity import PersonRef
from bot.mentoring.practices import Tip, load_practices
from bot.outbox import Composed, NotWanted, Outbox
from bot.replies import Choice, Choices, Header, Reply, Strong, note, paragraph, reply
from bot.reports.periods import add_months, month_start
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.lasting import LastingRepository
from storage.models import Prompt

PRACTICE = "lasting.practice"
PRACTICE_JOB = "practice:monthly"
PRACTICE_TASK = "practice.monthly"
# The 2nd of the month, a day after the monthly thank-you.
PRACTICE_DAY = timedelta(days=1, hours=15)


class PracticeAnswer(StrEnum):
    TRIED = "tried"
    SKIPPED = "skipped"
    STOPPED = "stopped"


TRY = "practice.try"
SKIP = "practice.skip"
STOP = "practice.stop"
ACTIONS = {SKIP: PracticeAnswer.SKIPPED, STOP: PracticeAnswer.STOPPED}


def next_practice_day(now: datetime) -> datetime:
    this_month = month_start(now) + PRACTICE_DAY
    return this_month if this_month > now else add_months(this_month, 1)


def tip_for(month: datetime) -> Tip:
    tips = load_practices().tips
    return tips[(month.year * 12 + month.month) % len(tips)]


def exercise(tip: Tip) -> str:
    return (
        f"Think of your last mentoring conversation. {tip.text} "
        "What would you try next time? A sentence is plenty."
    )


def practice_message(prompt_id: int, tip: Tip) -> Reply:
    return reply(
        Header("A two-minute practice (optional)"),
        paragraph(Strong(tip.title), ": ", exercise(tip)),
        Choices(
            (
                Choice(TRY, "Try it", str(prompt_id), style="primary"),
                Choice(SKIP, "Not this month", str(prompt_id)),
                Choice(STOP, "No more practices", str(prompt_id)),
            )
        ),
        note("Your answer is yours: Rounds keeps only that you tried it."),
        summary="A two-minute practice",
    )


@dataclass(frozen=True)
class PracticeResult:
    shown: Reply
    question: str | None = None


class MentorPractice:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        scheduler: Callable[[], JobScheduler],
    ) -> None:
        self.database = database
        self.clock = clock
        self.outbox = outbox
        self.scheduler = scheduler
        outbox.compose_with(
            (PRACTICE,), lambda session, prompt: compose(LastingRepository(session), prompt)
        )

    def tasks(self) -> dict[str, Callable[..., object]]:
        return {PRACTICE_TASK: self.run_monthly}

    def ensure_scheduled(self) -> None:
        """Idempotent: safe at every start of every replica."""
        self.scheduler().schedule_once(
            PRACTICE_JOB, PRACTICE_TASK, next_practice_day(self.clock.now())
        )

    def run_monthly(self) -> int:
        """Offer this month's practice to every active mentor who has not said no more."""
        now = self.clock.now()
        self.scheduler().schedule_once(PRACTICE_JOB, PRACTICE_TASK, next_practice_day(now))
        with LastingRepository.writing(self.database) as lasting:
            stopped = lasting.answered_with(PRACTICE, PracticeAnswer.STOPPED)
            mentors = [m for m in lasting.active_mentor_ids() if m not in stopped]
            for mentor_id in mentors:
                self.outbox.add(
                    lasting.session,
                    kind=PRACTICE,
                    person_id=mentor_id,
                    subject_type="month",
                    subject_id=now.year * 100 + now.month,
                    dedupe_key=f"{PRACTICE}:{now:%Y-%m}:{mentor_id}",
                    due=now,
                )
        return len(mentors)

    def question(self, prompt_id: int, presser: PersonRef) -> PracticeResult:
        """The exercise to show in a form, or why not."""
        with LastingRepository.reading(self.database) as lasting:
            prompt = _own(lasting, prompt_id, presser)
            if isinstance(prompt, Reply):
                return PracticeResult(prompt)
            return PracticeResult(reply(), exercise(tip_for(_month(prompt))))

    def answer(self, prompt_id: int, presser: PersonRef, answer: PracticeAnswer) -> Reply:
        """Keep only what they chose; whatever they wrote is never stored."""
        with LastingRepository.writing(self.database) as lasting:
            prompt = _own(lasting, prompt_id, presser)
            if isinstance(prompt, Reply):
                return prompt
            lasting.prompts.answer_once(prompt_id, answer.value, self.clock.now())
        return {
            PracticeAnswer.TRIED: reply(
                paragraph("Nice work. See you next month."), summary="Thanks"
            ),
            PracticeAnswer.SKIPPED: reply(paragraph("No problem. Until next month."), summary="Ok"),
            PracticeAnswer.STOPPED: reply(
                paragraph("Done: no more practices. Thank you for mentoring."), summary="Ok"
            ),
        }[answer]


def _month(prompt: Prompt) -> datetime:
    return datetime(
        prompt.subject_id // 100, prompt.subject_id % 100, 1, tzinfo=prompt.due_at.tzinfo
    )


def _own(lasting: LastingRepository, prompt_id: int, presser: PersonRef) -> Prompt | Reply:
    prompt = lasting.prompt(prompt_id)
    person = lasting.person(prompt.person_id) if prompt and prompt.person_id else None
    if prompt is None or prompt.kind != PRACTICE or person is None:
        return reply(paragraph("This practice has closed."))
    if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
        return reply(paragraph("This practice was for someone else."))
    return prompt


def compose(lasting: LastingRepository, prompt: Prompt) -> Composed | NotWanted:
    assert prompt.id is not None
    person = lasting.person(prompt.person_id) if prompt.person_id else None
    if person is None or not person.is_mentor:
        return NotWanted("no longer mentoring")
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    return Composed(to, practice_message(prompt.id, tip_for(_month(prompt))))

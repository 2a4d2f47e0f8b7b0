"""Check-ins: "Did you meet?", goal check-ins during mentoring, and two-way feedback."""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlmodel import Session, col, select

from bot.checkins import messages
from bot.clock import Clock
from bot.identity import PersonRef
from bot.outbox import (
    Composed,
    Delivery,
    NotWanted,
    Outbox,
    OutboxOverview,
    Queued,
    outbox_overview,
)
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.models import Feedback, Goal, Person, Prompt, Relationship
from storage.prompts import PromptRepository, PromptStatus

DID_YOU_MEET_AFTER = timedelta(days=4)
REMIND_AFTER = timedelta(days=3)
ROUND_TASK = "checkins.relationship_round"
RELATIONSHIP = "relationship"
GOAL = "goal"


class Kind(StrEnum):
    DID_YOU_MEET = "did_you_meet"
    GOAL_CHECKIN = "goal_checkin"
    CHECKIN = "checkin"
    HELP_ALERT = "help_alert"
    FEEDBACK = "feedback"


COMPOSED_KINDS = (Kind.DID_YOU_MEET, Kind.GOAL_CHECKIN, Kind.CHECKIN, Kind.HELP_ALERT)

ANSWER_LABELS = {
    "yes": "yes, we met",
    "not_yet": "not yet",
    "wont": "it won't happen",
    "on_track": "on track",
    "need_help": "need help",
    "done": "done",
    "feedback": "share how it's going",
}
ANSWERS: dict[str, frozenset[str]] = {
    Kind.DID_YOU_MEET: frozenset({"yes", "not_yet", "wont", "feedback"}),
    Kind.GOAL_CHECKIN: frozenset({"on_track", "need_help", "done"}),
    Kind.CHECKIN: frozenset({"feedback"}),
}
OPENS_FEEDBACK = frozenset({"yes", "feedback"})


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY = "already"
    NOT_YOURS = "not_yours"
    GONE = "gone"


@dataclass(frozen=True)
class FeedbackForm:
    """The confidential form to show: its prompt id, and who the conversation was with."""

    prompt_id: int
    with_user_ids: tuple[str, ...]


@dataclass(frozen=True)
class AnswerResult:
    """What a press or a form submission changed, and what to show the presser.

    ``replace`` says whether ``message`` replaces the prompt's message (an answer was
    recorded) or is shown to the presser alone.
    """

    outcome: Outcome
    message: Reply | None
    replace: bool = False
    feedback_form: FeedbackForm | None = None
    deliver_now: tuple[int, ...] = ()


@dataclass(frozen=True)
class FeedbackAnswers:
    usefulness: int
    would_meet_again: bool
    comment: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.usefulness <= 5:
            raise ValueError("usefulness is from 1 to 5")


@dataclass(frozen=True)
class SubjectRules:
    """How another feature's subjects (a coffee group, an event table) answer two questions."""

    is_active: Callable[[Session, int], bool]
    member_ids: Callable[[Session, int], Sequence[int]]


def relationship_job_id(relationship_id: int) -> str:
    return f"checkins:relationship:{relationship_id}"


def _active_relationship(session: Session, relationship_id: int | None) -> Relationship | None:
    if relationship_id is None:
        return None
    relationship = session.get(Relationship, relationship_id)
    return relationship if relationship is not None and relationship.ended_at is None else None


def _interval(relationship: Relationship) -> timedelta:
    return timedelta(weeks=max(relationship.checkin_every_weeks, 1))


def _user_id_map(session: Session, person_ids: Sequence[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    rows = session.exec(
        select(Person.id, Person.user_id).where(col(Person.id).in_(set(person_ids)))
    ).all()
    return {int(person_id): user_id for person_id, user_id in rows if person_id is not None}


def _user_ids(session: Session, person_ids: Sequence[int]) -> tuple[str, ...]:
    by_id = _user_id_map(session, person_ids)
    return tuple(by_id[pid] for pid in person_ids if pid in by_id)


class CheckIns:
    """Prompts people about their mentoring, and records their answers."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        scheduler: JobScheduler,
        did_you_meet_after: timedelta = DID_YOU_MEET_AFTER,
    ) -> None:
        self.database = database
        self.clock = clock
        self.scheduler = scheduler
        self.did_you_meet_after = did_you_meet_after
        self.outbox = outbox
        outbox.compose_with(COMPOSED_KINDS, self._compose)
        self._subjects: dict[str, SubjectRules] = {
            RELATIONSHIP: SubjectRules(
                lambda session, rid: _active_relationship(session, rid) is not None,
                self._relationship_members,
            )
        }

    def register_subject(self, subject_type: str, rules: SubjectRules) -> None:
        """Let prompts about ``subject_type`` know whether it is still on and who is in it."""
        self._subjects[subject_type] = rules

    # --- public API for other features ---------------------------------------------------

    def schedule_did_you_meet(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int], due: datetime
    ) -> None:
        """Ask each person "Did you meet?" at ``due`` (moved out of their quiet hours).

        Calling again for the same subject and person changes nothing.
        """
        with self.database.write() as session:
            queued = [
                self.outbox.add(
                    session,
                    kind=Kind.DID_YOU_MEET,
                    person_id=person_id,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    dedupe_key=f"did_you_meet:{subject_type}:{subject_id}:{person_id}",
                    due=due,
                )
                for person_id in dict.fromkeys(person_ids)
            ]
        self.outbox.schedule(queued)

    def start_relationship_checkins(self, relationship_id: int) -> None:
        """Check in on an ongoing relationship every ``checkin_every_weeks`` weeks.

        The mentee's open goals without a relationship join this one, so they are checked on.
        """
        now = self.clock.now()
        with self.database.write() as session:
            relationship = _active_relationship(session, relationship_id)
            if relationship is None:
                return
            unattached = session.exec(
                select(Goal).where(
                    Goal.person_id == relationship.mentee_id,
                    col(Goal.relationship_id).is_(None),
                    Goal.status == "open",
                )
            ).all()
            for goal in unattached:
                goal.relationship_id = relationship_id
            interval = _interval(relationship)
            periods = max((now - relationship.started_at) // interval + 1, 1)
            first = relationship.started_at + periods * interval
        self.scheduler.schedule_interval(
            relationship_job_id(relationship_id), ROUND_TASK, interval, (relationship_id,), first
        )

    def set_checkin_every(self, relationship_id: int, weeks: int) -> None:
        """Change how often a relationship is checked on (from the next check-in)."""
        if not 1 <= weeks <= 12:
            raise ValueError("check-ins come every 1 to 12 weeks")
        with self.database.write() as session:
            relationship = _active_relationship(session, relationship_id)
            if relationship is None:
                return
            relationship.checkin_every_weeks = weeks
        self.start_relationship_checkins(relationship_id)

    def stop_for_relationship(self, relationship_id: int) -> None:
        """No more prompts about this relationship: its check-ins end, waiting ones are dropped."""
        self.scheduler.cancel(relationship_job_id(relationship_id))
        with self.database.write() as session:
            PromptRepository(session).skip_pending_for_relationship(
                relationship_id, "relationship ended"
            )

    def did_you_meet_answers(
        self, subject_type: str, subject_ids: Sequence[int]
    ) -> dict[int, Counter[str]]:
        """Per subject that was asked, how many people last answered yes / not_yet / wont.

        A subject nobody was asked about is absent; one asked but unanswered has an empty count.
        """
        with self.database.read() as session:
            return PromptRepository(session).answer_counts(
                Kind.DID_YOU_MEET, subject_type, subject_ids
            )

    # --- the recurring round --------------------------------------------------------------

    def run_relationship_round(self, relationship_id: int) -> None:
        """One check-in round (the scheduled task): each open goal, and each side's view."""
        now = self.clock.now()
        queued: list[Queued | None] = []
        with self.database.write() as session:
            relationship = _active_relationship(session, relationship_id)
            if relationship is not None:
                round_number = (now - relationship.started_at) // _interval(relationship)
                goals = session.exec(
                    select(Goal)
                    .where(Goal.relationship_id == relationship_id, Goal.status == "open")
                    .order_by(col(Goal.id))
                ).all()
                for goal in goals:
                    assert goal.id is not None
                    queued.append(
                        self.outbox.add(
                            session,
                            kind=Kind.GOAL_CHECKIN,
                            person_id=goal.person_id,
                            subject_type=GOAL,
                            subject_id=goal.id,
                            dedupe_key=f"goal_checkin:{goal.id}:{relationship_id}:{round_number}",
                            due=now,
                        )
                    )
                for person_id in (relationship.mentor_id, relationship.mentee_id):
                    queued.append(
                        self.outbox.add(
                            session,
                            kind=Kind.CHECKIN,
                            person_id=person_id,
                            subject_type=RELATIONSHIP,
                            subject_id=relationship_id,
                            dedupe_key=f"checkin:{relationship_id}:{person_id}:{round_number}",
                            due=now,
                        )
                    )
        if relationship is None:
            self.scheduler.cancel(relationship_job_id(relationship_id))
            return
        self.outbox.schedule(queued)

    # --- composing prompts -----------------------------------------------------------------

    def _relationship_members(self, session: Session, relationship_id: int) -> Sequence[int]:
        relationship = session.get(Relationship, relationship_id)
        return () if relationship is None else (relationship.mentor_id, relationship.mentee_id)

    def _others(self, session: Session, prompt: Prompt) -> tuple[str, ...]:
        rules = self._subjects.get(prompt.subject_type)
        if rules is None:
            return ()
        members = [m for m in rules.member_ids(session, prompt.subject_id) if m != prompt.person_id]
        return _user_ids(session, members)

    def _still_on(self, session: Session, prompt: Prompt) -> Goal | Relationship | NotWanted | None:
        """The goal or relationship a prompt is about (None for other subjects) while it
        still calls for the prompt."""
        if prompt.subject_type == GOAL:
            goal = session.get(Goal, prompt.subject_id)
            if goal is None or (prompt.kind == Kind.GOAL_CHECKIN and goal.status != "open"):
                return NotWanted("goal closed")
            if goal.relationship_id is not None and not _active_relationship(
                session, goal.relationship_id
            ):
                return NotWanted("relationship ended")
            return goal
        rules = self._subjects.get(prompt.subject_type)
        if rules is not None and not rules.is_active(session, prompt.subject_id):
            return NotWanted(f"{prompt.subject_type} ended")
        relationship = (
            session.get(Relationship, prompt.subject_id)
            if prompt.subject_type == RELATIONSHIP
            else None
        )
        return relationship

    def _compose(self, session: Session, prompt: Prompt) -> Composed | NotWanted:
        assert prompt.id is not None
        person = session.get(Person, prompt.person_id)
        if person is None:
            return NotWanted("person left")
        subject = self._still_on(session, prompt)
        if isinstance(subject, NotWanted):
            return subject
        to = PersonRef(person.platform, person.workspace_id, person.user_id)
        match prompt.kind, subject:
            case Kind.DID_YOU_MEET, _:
                message = messages.did_you_meet(prompt.id, self._others(session, prompt))
            case Kind.CHECKIN, Relationship() as relationship:
                (other,) = self._others(session, prompt) or ("",)
                message = messages.relationship_checkin(
                    prompt.id, other, relationship.checkin_every_weeks
                )
            case Kind.GOAL_CHECKIN, Goal() as goal:
                message = messages.goal_checkin(
                    prompt.id, goal.text, goal.target_date, self._mentor_of(session, goal)
                )
            case Kind.HELP_ALERT, Goal() as goal:
                (mentee,) = _user_ids(session, [goal.person_id]) or ("",)
                message = messages.help_alert(mentee, goal.text, goal.target_date)
            case _:
                return NotWanted(f"nothing to say for {prompt.kind}")
        return Composed(to, message)

    @staticmethod
    def _mentor_of(session: Session, goal: Goal) -> str | None:
        relationship = _active_relationship(session, goal.relationship_id)
        if relationship is None:
            return None
        (mentor,) = _user_ids(session, [relationship.mentor_id]) or (None,)
        return mentor

    # --- answers -------------------------------------------------------------------------

    def answer(self, prompt_id: int, presser: PersonRef, answer: str) -> AnswerResult:
        """Record a button press on a prompt; pressing again changes nothing."""
        now = self.clock.now()
        queued: Queued | None = None
        with self.database.write() as session:
            prompt = session.get(Prompt, prompt_id)
            person = session.get(Person, prompt.person_id) if prompt else None
            if prompt is None or person is None or answer not in ANSWERS.get(prompt.kind, ()):
                return AnswerResult(Outcome.GONE, messages.gone())
            if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
                return AnswerResult(Outcome.NOT_YOURS, messages.not_yours(person.user_id))
            if prompt.answer is not None:
                return self._answered_before(session, prompt, answer)
            if isinstance(self._still_on(session, prompt), NotWanted):
                return AnswerResult(Outcome.GONE, messages.gone())
            PromptRepository(session).answer_once(prompt_id, answer, now)
            result, queued = self._apply(session, prompt, answer, now)
        self.outbox.schedule([queued] if queued else [])
        return result

    def _answered_before(self, session: Session, prompt: Prompt, answer: str) -> AnswerResult:
        assert prompt.id is not None
        if answer in OPENS_FEEDBACK and prompt.answer in OPENS_FEEDBACK:
            form = self._feedback_form(session, prompt)
            if form is not None:
                return AnswerResult(Outcome.ALREADY, None, feedback_form=form)
            return AnswerResult(
                Outcome.ALREADY, messages.answered("You already shared your feedback. Thank you!")
            )
        label = ANSWER_LABELS.get(str(prompt.answer), str(prompt.answer))
        return AnswerResult(Outcome.ALREADY, messages.already_answered(label))

    def _apply(
        self, session: Session, prompt: Prompt, answer: str, now: datetime
    ) -> tuple[AnswerResult, Queued | None]:
        assert prompt.id is not None
        if answer in OPENS_FEEDBACK:
            form = self._feedback_form(session, prompt)
            intro = "Glad you met!" if answer == "yes" else "Thanks for checking in."
            reopen = messages.feedback_reopen(prompt.id, f"{intro} Your feedback form is open.")
            return AnswerResult(Outcome.RECORDED, reopen, True, form), None
        if answer == "not_yet":
            queued = self.outbox.add(
                session,
                kind=Kind.DID_YOU_MEET,
                person_id=prompt.person_id,
                subject_type=prompt.subject_type,
                subject_id=prompt.subject_id,
                dedupe_key=f"did_you_meet:remind:{prompt.id}",
                due=now + REMIND_AFTER,
            )
            text = "No problem: I'll ask again in 3 days."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True), queued
        if answer == "wont":
            text = "Thanks for letting me know. I won't ask about this one again."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True), None
        goal = session.get(Goal, prompt.subject_id)
        assert goal is not None and goal.id is not None
        line = messages.goal_line(goal.text, goal.target_date)
        if answer == "done":
            goal.status, goal.completed_at = "done", now
            message = messages.answered("Marked done: ", *line, ". Well done!")
            return AnswerResult(Outcome.RECORDED, message, True), None
        if answer == "on_track":
            message = messages.answered("Noted: on track with ", *line, ". Keep going!")
            return AnswerResult(Outcome.RECORDED, message, True), None
        return self._ask_for_help(session, prompt, goal, now)

    def _ask_for_help(
        self, session: Session, prompt: Prompt, goal: Goal, now: datetime
    ) -> tuple[AnswerResult, Queued | None]:
        assert goal.id is not None
        relationship = _active_relationship(session, goal.relationship_id)
        if relationship is None:
            text = "You have no mentor on this goal yet: type /mentor to find one."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True), None
        queued = self.outbox.add(
            session,
            kind=Kind.HELP_ALERT,
            person_id=relationship.mentor_id,
            subject_type=GOAL,
            subject_id=goal.id,
            dedupe_key=f"help_alert:{prompt.id}",
            due=now,
        )
        (mentor,) = _user_ids(session, [relationship.mentor_id])
        later = queued is not None and queued.due_at > now
        message = messages.help_requested(mentor, later)
        deliver = (queued.prompt_id,) if queued is not None and queued.due_at <= now else ()
        return AnswerResult(Outcome.RECORDED, message, True, deliver_now=deliver), queued

    def deliver_now(self, prompt_ids: Sequence[int]) -> list[Delivery]:
        """Try prompts that are due now at once, rather than at the scheduler's next pass."""
        return [self.outbox.deliver(prompt_id) for prompt_id in prompt_ids]

    # --- feedback ------------------------------------------------------------------------

    def _feedback_form(self, session: Session, source: Prompt) -> FeedbackForm | None:
        """The feedback prompt for ``source`` (made on first use), unless already answered."""
        assert source.id is not None
        feedback, _ = PromptRepository(session).add_once(
            kind=Kind.FEEDBACK,
            person_id=source.person_id,
            subject_type=source.subject_type,
            subject_id=source.subject_id,
            dedupe_key=f"feedback:{source.id}",
            due_at=self.clock.now(),
            status=PromptStatus.SENT,
        )
        if feedback.answered_at is not None or feedback.id is None:
            return None
        return FeedbackForm(feedback.id, self._others(session, source))

    def submit_feedback(
        self, prompt_id: int, presser: PersonRef, answers: FeedbackAnswers
    ) -> AnswerResult:
        """Keep someone's confidential feedback, once per form."""
        now = self.clock.now()
        with self.database.write() as session:
            prompt = session.get(Prompt, prompt_id)
            person = session.get(Person, prompt.person_id) if prompt else None
            if prompt is None or person is None or prompt.kind != Kind.FEEDBACK:
                return AnswerResult(Outcome.GONE, messages.gone())
            if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
                return AnswerResult(Outcome.NOT_YOURS, messages.not_yours(person.user_id))
            if not PromptRepository(session).answer_once(prompt_id, "given", now):
                return AnswerResult(
                    Outcome.ALREADY,
                    messages.answered("You already shared your feedback. Thank you!"),
                )
            session.add(
                Feedback(
                    author_id=person.id,
                    subject_type=prompt.subject_type,
                    subject_id=prompt.subject_id,
                    role=self._role(session, prompt),
                    usefulness=answers.usefulness,
                    would_meet_again=answers.would_meet_again,
                    comment=(answers.comment or "").strip()[:2000] or None,
                    created_at=now,
                )
            )
        return AnswerResult(
            Outcome.RECORDED,
            messages.answered("Thank you! Your feedback is confidential."),
        )

    @staticmethod
    def _role(session: Session, prompt: Prompt) -> str:
        if prompt.subject_type != RELATIONSHIP:
            return "participant"
        relationship = session.get(Relationship, prompt.subject_id)
        if relationship is not None and relationship.mentor_id == prompt.person_id:
            return "mentor"
        return "mentee"

    # --- what organizers see ---------------------------------------------------------------

    def overview(self, failures: int = 5) -> OutboxOverview:
        """How many messages are in each state, and the latest that failed or are retrying."""
        return outbox_overview(self.database, failures)

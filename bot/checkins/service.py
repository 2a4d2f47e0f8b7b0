"""Check-ins: "Did you meet?", goal check-ins during mentoring, and two-way feedback."""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.checkins.answers import Answers
from bot.checkins.composing import compose
from bot.checkins.feedback import submit_feedback
from bot.checkins.model import (
    COMPOSED_KINDS,
    DID_YOU_MEET_AFTER,
    GOAL,
    RELATIONSHIP,
    ROUND_TASK,
    AnswerResult,
    FeedbackAnswers,
    Kind,
    SubjectRules,
    relationship_job_id,
)
from bot.checkins.subjects import Subjects
from bot.clock import Clock
from bot.identity import PersonRef
from bot.outbox import Outbox, OutboxOverview, outbox_overview
from bot.scheduling import JobScheduler
from storage.checkins import CheckInStore
from storage.db import Database
from storage.models import Relationship

# Long enough for the chat to have happened, soon enough to be remembered.
ASK_AFTER_MEETING = timedelta(hours=1)


def _interval(relationship: Relationship) -> timedelta:
    return timedelta(weeks=max(relationship.checkin_every_weeks, 1))


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
        self._subjects = Subjects()
        self._answers = Answers(outbox, self._subjects)
        outbox.compose_with(
            COMPOSED_KINDS,
            lambda session, prompt: compose(CheckInStore(session), self._subjects, prompt),
        )

    def register_subject(self, subject_type: str, rules: SubjectRules[Any]) -> None:
        """Let prompts about ``subject_type`` know whether it is still on and who is in it."""
        self._subjects.register(subject_type, rules)

    # --- public API for other features ---------------------------------------------------

    def schedule_did_you_meet(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int], due: datetime
    ) -> None:
        """Ask each person "Did you meet?" at ``due`` (moved out of their quiet hours).

        Calling again for the same subject and person changes nothing.
        """
        with CheckInStore.writing(self.database) as store:
            for person_id in dict.fromkeys(person_ids):
                self._ask_did_you_meet(store, (subject_type, subject_id), person_id, due, "")

    def _ask_did_you_meet(
        self, store: CheckInStore, subject: tuple[str, int], person_id: int, due: datetime, tag: str
    ) -> None:
        self.outbox.add(
            store.session,
            kind=Kind.DID_YOU_MEET,
            person_id=person_id,
            subject_type=subject[0],
            subject_id=subject[1],
            dedupe_key=f"did_you_meet:{subject[0]}:{subject[1]}:{person_id}{tag}",
            due=due,
        )

    def ask_did_you_meet_after(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int], ends_at: datetime
    ) -> None:
        """A time was booked (or moved): "Did you meet?" waits until after it, not a fixed day.

        A question still waiting is replaced; someone who already said they met is not asked
        again (a "not yet" is).
        """
        due = ends_at + ASK_AFTER_MEETING
        with CheckInStore.writing(self.database) as store:
            answers = store.prompts.latest_answers(Kind.DID_YOU_MEET, subject_type, [subject_id])
            met = {person for _, person, answer in answers if answer in ("yes", "feedback")}
            for person_id in dict.fromkeys(person_ids):
                if person_id in met:
                    continue
                store.prompts.skip_pending_of_kind(
                    Kind.DID_YOU_MEET, subject_type, subject_id, person_id, "asked after meeting"
                )
                tag = f":{due:%Y%m%d%H%M}"
                self._ask_did_you_meet(store, (subject_type, subject_id), person_id, due, tag)

    def withdraw_did_you_meet(
        self, subject_type: str, subject_id: int, person_ids: Sequence[int]
    ) -> None:
        """The meeting was called off: a "Did you meet?" still waiting is never asked."""
        with CheckInStore.writing(self.database) as store:
            for person_id in dict.fromkeys(person_ids):
                store.prompts.skip_pending_of_kind(
                    Kind.DID_YOU_MEET, subject_type, subject_id, person_id, "meeting cancelled"
                )

    def start_relationship_checkins(self, relationship_id: int) -> None:
        """Check in on an ongoing relationship every ``checkin_every_weeks`` weeks.

        The mentee's open goals without a relationship join this one, so they are checked on.
        """
        now = self.clock.now()
        with CheckInStore.writing(self.database) as store:
            relationship = store.relationships.ongoing(relationship_id)
            if relationship is None:
                return
            store.goals.attach_loose_goals(relationship.mentee_id, relationship_id)
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
        with CheckInStore.writing(self.database) as store:
            relationship = store.relationships.ongoing(relationship_id)
            if relationship is None:
                return
            relationship.checkin_every_weeks = weeks
        self.start_relationship_checkins(relationship_id)

    def stop_for_relationship(self, relationship_id: int) -> None:
        """No more prompts about this relationship: its check-ins end, waiting ones are dropped."""
        self.scheduler.cancel(relationship_job_id(relationship_id))
        with CheckInStore.writing(self.database) as store:
            store.prompts.skip_pending_for_relationship(relationship_id, "relationship ended")

    def did_you_meet_answers(
        self, subject_type: str, subject_ids: Sequence[int]
    ) -> dict[int, Counter[str]]:
        """Per subject that was asked, how many people last answered yes / not_yet / wont.

        A subject nobody was asked about is absent; one asked but unanswered has an empty count.
        """
        with CheckInStore.reading(self.database) as store:
            return store.prompts.answer_counts(Kind.DID_YOU_MEET, subject_type, subject_ids)

    # --- the recurring round --------------------------------------------------------------

    def run_relationship_round(self, relationship_id: int) -> None:
        """One check-in round (the scheduled task): each open goal, and each side's view."""
        now = self.clock.now()
        with CheckInStore.writing(self.database) as store:
            relationship = store.relationships.ongoing(relationship_id)
            if relationship is not None:
                self._round(store, relationship, now)
        if relationship is None:
            self.scheduler.cancel(relationship_job_id(relationship_id))

    def _round(self, store: CheckInStore, relationship: Relationship, now: datetime) -> None:
        """Each open goal's owner about the goal, then each side about the relationship."""
        assert relationship.id is not None
        number = (now - relationship.started_at) // _interval(relationship)
        asks: list[tuple[Kind, int, str, int, str]] = []
        for goal in store.goals.open_in_relationship(relationship.id):
            assert goal.id is not None
            key = f"goal_checkin:{goal.id}:{relationship.id}:{number}"
            asks.append((Kind.GOAL_CHECKIN, goal.person_id, GOAL, goal.id, key))
        for person_id in (relationship.mentor_id, relationship.mentee_id):
            key = f"checkin:{relationship.id}:{person_id}:{number}"
            asks.append((Kind.CHECKIN, person_id, RELATIONSHIP, relationship.id, key))
        for kind, person_id, subject_type, subject_id, key in asks:
            self.outbox.add(
                store.session,
                kind=kind,
                person_id=person_id,
                subject_type=subject_type,
                subject_id=subject_id,
                dedupe_key=key,
                due=now,
            )

    # --- answers -------------------------------------------------------------------------

    def answer(self, prompt_id: int, presser: PersonRef, answer: str) -> AnswerResult:
        """Record a button press on a prompt; pressing again changes nothing."""
        with CheckInStore.writing(self.database) as store:
            return self._answers.press(store, prompt_id, presser, answer, self.clock.now())

    def submit_feedback(
        self, prompt_id: int, presser: PersonRef, answers: FeedbackAnswers
    ) -> AnswerResult:
        """Keep someone's confidential feedback, once per form."""
        with CheckInStore.writing(self.database) as store:
            return submit_feedback(
                self.outbox, store, prompt_id, presser, answers, self.clock.now()
            )

    # --- what organizers see ---------------------------------------------------------------

    def overview(self, failures: int = 5, workspace_id: str | None = None) -> OutboxOverview:
        """How many messages are in each state, and the latest that failed or are retrying."""
        return outbox_overview(self.database, failures, workspace_id)

"""A press on a prompt's button: recorded once, and what it sets going."""

from collections.abc import Callable
from datetime import datetime

from bot.checkins import messages
from bot.checkins.model import (
    ANSWER_LABELS,
    ANSWERS,
    GOAL,
    OPENS_FEEDBACK,
    REMIND_AFTER,
    AnswerResult,
    FeedbackForm,
    Kind,
    Outcome,
)
from bot.checkins.subjects import Subjects
from bot.identity import PersonRef
from bot.outbox import NotWanted, Outbox
from storage.checkins import CheckInStore
from storage.models import Goal, Prompt
from storage.prompts import PromptStatus

ALREADY_GAVE_FEEDBACK = "You already shared your feedback. Thank you!"


def owned_prompt(
    store: CheckInStore, prompt_id: int, presser: PersonRef, wanted: Callable[[Prompt], bool]
) -> Prompt | AnswerResult:
    """The prompt if it still exists, takes this press, and is the presser's; else what to say."""
    prompt = store.prompts.get(prompt_id)
    person = store.person_asked(prompt) if prompt is not None else None
    if prompt is None or person is None or not wanted(prompt):
        return AnswerResult(Outcome.GONE, messages.gone())
    if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
        return AnswerResult(Outcome.NOT_YOURS, messages.not_yours(person.user_id))
    return prompt


def feedback_key(source_id: int) -> str:
    """The one feedback form opened from the prompt ``source_id``."""
    return f"{Kind.FEEDBACK}:{source_id}"


def feedback_source(feedback: Prompt) -> int | None:
    """The prompt whose message opened this feedback form."""
    source = feedback.dedupe_key.removeprefix(f"{Kind.FEEDBACK}:")
    return int(source) if source.isdigit() else None


def feedback_form(
    store: CheckInStore, subjects: Subjects, source: Prompt, now: datetime
) -> FeedbackForm | None:
    """The feedback prompt for ``source`` (made on first use), unless already answered."""
    assert source.id is not None
    feedback, _ = store.prompts.add_once(
        kind=Kind.FEEDBACK,
        person_id=source.person_id,
        subject_type=source.subject_type,
        subject_id=source.subject_id,
        dedupe_key=feedback_key(source.id),
        due_at=now,
        status=PromptStatus.SENT,
    )
    if feedback.answered_at is not None or feedback.id is None:
        return None
    return FeedbackForm(feedback.id, subjects.others(store, source))


class Answers:
    """Records presses inside the caller's transaction; follow-up prompts go to the outbox."""

    def __init__(self, outbox: Outbox, subjects: Subjects) -> None:
        self.outbox = outbox
        self.subjects = subjects

    def press(
        self, store: CheckInStore, prompt_id: int, presser: PersonRef, answer: str, now: datetime
    ) -> AnswerResult:
        prompt = owned_prompt(
            store, prompt_id, presser, lambda prompt: answer in ANSWERS.get(prompt.kind, ())
        )
        if isinstance(prompt, AnswerResult):
            return prompt
        if prompt.answer is not None:
            return self._answered_before(store, prompt, answer, now)
        if isinstance(self.subjects.still_on(store, prompt), NotWanted):
            return AnswerResult(Outcome.GONE, messages.gone())
        store.prompts.answer_once(prompt_id, answer, now)
        return self._apply(store, prompt, answer, now)

    def _answered_before(
        self, store: CheckInStore, prompt: Prompt, answer: str, now: datetime
    ) -> AnswerResult:
        if answer in OPENS_FEEDBACK and prompt.answer in OPENS_FEEDBACK:
            form = feedback_form(store, self.subjects, prompt, now)
            if form is not None:
                return AnswerResult(Outcome.ALREADY, None, feedback_form=form)
            return AnswerResult(Outcome.ALREADY, messages.answered(ALREADY_GAVE_FEEDBACK))
        label = ANSWER_LABELS.get(str(prompt.answer), str(prompt.answer))
        return AnswerResult(Outcome.ALREADY, messages.already_answered(label))

    def _apply(
        self, store: CheckInStore, prompt: Prompt, answer: str, now: datetime
    ) -> AnswerResult:
        assert prompt.id is not None
        if answer in OPENS_FEEDBACK:
            form = feedback_form(store, self.subjects, prompt, now)
            intro = "Glad you met!" if answer == "yes" else "Thanks for checking in."
            reopen = messages.feedback_reopen(prompt.id, f"{intro} Your feedback form is open.")
            return AnswerResult(Outcome.RECORDED, reopen, True, form)
        if answer == "not_yet":
            self.outbox.add(
                store.session,
                kind=Kind.DID_YOU_MEET,
                person_id=prompt.person_id,
                subject_type=prompt.subject_type,
                subject_id=prompt.subject_id,
                dedupe_key=f"did_you_meet:remind:{prompt.id}",
                due=now + REMIND_AFTER,
            )
            text = "No problem: I'll ask again in 3 days."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True)
        if answer == "wont":
            text = "Thanks for letting me know. I won't ask about this one again."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True)
        return self._goal_answer(store, prompt, answer, now)

    def _goal_answer(
        self, store: CheckInStore, prompt: Prompt, answer: str, now: datetime
    ) -> AnswerResult:
        goal = store.goals.get(prompt.subject_id)
        assert goal is not None and goal.id is not None
        line = messages.goal_line(goal.text, goal.target_date)
        if answer == "done":
            store.goals.mark_done(goal, now)
            message = messages.answered("Marked done: ", *line, ". Well done!")
            return AnswerResult(Outcome.RECORDED, message, True)
        if answer == "on_track":
            message = messages.answered("Noted: on track with ", *line, ". Keep going!")
            return AnswerResult(Outcome.RECORDED, message, True)
        return self._ask_for_help(store, prompt, goal, now)

    def _ask_for_help(
        self, store: CheckInStore, prompt: Prompt, goal: Goal, now: datetime
    ) -> AnswerResult:
        assert goal.id is not None
        relationship = store.relationships.ongoing(goal.relationship_id)
        if relationship is None:
            text = "You have no mentor on this goal yet: type /mentor to find one."
            return AnswerResult(Outcome.RECORDED, messages.answered(text), True)
        queued = self.outbox.add(
            store.session,
            kind=Kind.HELP_ALERT,
            person_id=relationship.mentor_id,
            subject_type=GOAL,
            subject_id=goal.id,
            dedupe_key=f"help_alert:{prompt.id}",
            due=now,
        )
        (mentor,) = store.people.user_ids_in_order([relationship.mentor_id])
        later = queued is not None and queued.due_at > now
        return AnswerResult(Outcome.RECORDED, messages.help_requested(mentor, later), True)

"""Confidential feedback on a conversation, kept once per form."""

from datetime import datetime

from bot.checkins import messages
from bot.checkins.answers import ALREADY_GAVE_FEEDBACK, owned_prompt
from bot.checkins.model import RELATIONSHIP, AnswerResult, FeedbackAnswers, Kind, Outcome
from bot.identity import PersonRef
from storage.checkins import CheckInStore
from storage.models import Feedback, Prompt

COMMENT_LIMIT = 2000


def submit_feedback(
    store: CheckInStore,
    prompt_id: int,
    presser: PersonRef,
    answers: FeedbackAnswers,
    now: datetime,
) -> AnswerResult:
    """Keep the presser's answers on their feedback form, unless they already did."""
    prompt = owned_prompt(store, prompt_id, presser, lambda prompt: prompt.kind == Kind.FEEDBACK)
    if isinstance(prompt, AnswerResult):
        return prompt
    if not store.prompts.answer_once(prompt_id, "given", now):
        return AnswerResult(Outcome.ALREADY, messages.answered(ALREADY_GAVE_FEEDBACK))
    store.relationships.add_feedback(
        Feedback(
            author_id=prompt.person_id,
            subject_type=prompt.subject_type,
            subject_id=prompt.subject_id,
            role=_role(store, prompt),
            usefulness=answers.usefulness,
            would_meet_again=answers.would_meet_again,
            comment=(answers.comment or "").strip()[:COMMENT_LIMIT] or None,
            created_at=now,
        )
    )
    return AnswerResult(
        Outcome.RECORDED, messages.answered("Thank you! Your feedback is confidential.")
    )


def _role(store: CheckInStore, prompt: Prompt) -> str:
    if prompt.subject_type != RELATIONSHIP:
        return "participant"
    relationship = store.relationships.get(prompt.subject_id)
    if relationship is not None and relationship.mentor_id == prompt.person_id:
        return "mentor"
    return "mentee"

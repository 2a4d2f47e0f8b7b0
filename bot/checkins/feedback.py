"""Confidential feedback on a conversation, kept once per form."""

from datetime import datetime

from bot.checkins import messages
from bot.checkins.answers import ALREADY_GAVE_FEEDBACK, feedback_source, owned_prompt
from bot.checkins.model import RELATIONSHIP, AnswerResult, FeedbackAnswers, Kind, Outcome
from bot.identity import PersonRef
from bot.outbox import Outbox, replacement
from storage.checkins import CheckInStore
from storage.models import Feedback, Prompt

COMMENT_LIMIT = 2000
THANKS = "Thank you! Your feedback is confidential."


def submit_feedback(
    outbox: Outbox,
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
    thanks = messages.answered(THANKS)
    source = feedback_source(prompt)
    if source is not None:
        # The message that offered the form would offer it again: it now says it is done.
        outbox.post(store.session, replacement(Kind.FEEDBACK_GIVEN, source, thanks))
    return AnswerResult(Outcome.RECORDED, thanks)


def _role(store: CheckInStore, prompt: Prompt) -> str:
    if prompt.subject_type != RELATIONSHIP:
        return "participant"
    relationship = store.relationships.get(prompt.subject_id)
    if relationship is not None and relationship.mentor_id == prompt.person_id:
        return "mentor"
    return "mentee"

"""Mentor and mentee together: the introduction, the ending, and a closing reflection."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import Ended, record
from bot.identity import PersonRef
from bot.mentoring import messages
from bot.mentoring.model import EndReason, Format, Notice, Outcome
from bot.mentoring.requests.context import RequestContext, ref
from bot.mentoring.requests.sending import send_introduction, tell
from storage.models import Feedback, Person, Relationship
from storage.requests import RequestStore


@dataclass(frozen=True)
class Pair:
    relationship_id: int
    mentor: PersonRef
    mentee: PersonRef


def introduce(
    ctx: RequestContext,
    store: RequestStore,
    pair: Pair,
    goal: str,
    format: Format,
    topics: Sequence[str],
) -> None:
    """Open the group conversation for a new pair, in the transaction that paired them."""
    together = ctx.messenger.opens_group_chats
    intro = messages.introduction(
        pair.mentor.user_id, pair.mentee.user_id, goal, format, topics, together
    )
    send_introduction(ctx, store, pair.relationship_id, (pair.mentor, pair.mentee), intro)


def keep_conversation(ctx: RequestContext, relationship_id: int, conversation_id: str) -> None:
    """Remember where the pair was introduced, once the introduction has gone out."""
    with ctx.database.write() as session:
        relationship = RequestStore(session).relationships.get(relationship_id)
        if relationship is not None:
            relationship.conversation_id = conversation_id


def active_relationships(ctx: RequestContext, who: PersonRef) -> list[tuple[int, str, str]]:
    """(relationship id, the other person's name, the goal) for open relationships."""
    with ctx.database.read() as session:
        store = RequestStore(session)
        person = store.people.find(who)
        if person is None or person.id is None:
            return []
        result = []
        for relationship in store.relationships.open_for(person.id):
            other = store.person(_other_side(relationship, person.id))
            request = (
                store.requests.get(relationship.request_id) if relationship.request_id else None
            )
            name = other.display_name or "a colleague"
            result.append((relationship.id or 0, name, request.goal if request else ""))
        return result


def _other_side(relationship: Relationship, person_id: int) -> int:
    if relationship.mentor_id == person_id:
        return relationship.mentee_id
    return relationship.mentor_id


def _own_relationship(
    store: RequestStore, relationship_id: int, who: PersonRef
) -> tuple[Relationship, Person] | None:
    relationship = store.relationships.get(relationship_id)
    person = store.people.find(who)
    if relationship is None or person is None:
        return None
    if person.id not in (relationship.mentor_id, relationship.mentee_id):
        return None
    return relationship, person


def end(ctx: RequestContext, relationship_id: int, who: PersonRef, reason: EndReason) -> Outcome:
    with ctx.database.write() as session:
        store = RequestStore(session)
        owned = _own_relationship(store, relationship_id, who)
        if owned is None:
            return Outcome(
                messages.already_handled("That mentoring relationship isn't yours to close."),
                changed=False,
            )
        relationship, person = owned
        if relationship.ended_at is not None:
            return Outcome(
                messages.already_handled("That relationship is already closed."), changed=False
            )
        relationship.ended_at = ctx.clock.now()
        relationship.end_reason = reason.value
        record(session, Ended(relationship_id), ctx.clock.now())
        other = store.person(_other_side(relationship, person.id or 0))
        notices = (Notice(ref(other), messages.ended(person.user_id, reason, relationship_id)),)
        tell(ctx, store, notices)
    return Outcome(messages.ended(other.user_id, reason, relationship_id), notices)


def reflect(ctx: RequestContext, relationship_id: int, who: PersonRef, text: str) -> Outcome:
    """Keep a closing reflection; confidential, stored without being shown to anyone."""
    with ctx.database.write() as session:
        store = RequestStore(session)
        owned = _own_relationship(store, relationship_id, who)
        if owned is None:
            return Outcome(
                messages.already_handled("That relationship isn't yours."), changed=False
            )
        relationship, person = owned
        store.relationships.add_feedback(
            Feedback(
                author_id=person.id,
                subject_type="relationship",
                subject_id=relationship_id,
                role="mentor" if person.id == relationship.mentor_id else "mentee",
                comment=text.strip()[:2000] or None,
                created_at=ctx.clock.now(),
            )
        )
    return Outcome(messages.already_handled("Thank you. Your reflection is saved, in confidence."))

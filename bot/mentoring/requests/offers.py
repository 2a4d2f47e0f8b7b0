"""A mentor's answer to an offer: accept, suggest a colleague, or decline."""

from dataclasses import dataclass
from datetime import date

from bot.domain import Introduced, record
from bot.identity import PersonRef
from bot.mentoring import mentor_messages, messages
from bot.mentoring.model import Format, Notice, Outcome, RequestStatus
from bot.mentoring.requests.context import RequestContext, ref
from bot.mentoring.requests.offering import (
    is_current_offer,
    need_of,
    offer_next,
    record_step,
    request_and_mentee,
    why_not_eligible,
)
from bot.mentoring.requests.relationships import Pair, introduce
from bot.mentoring.requests.sending import close_offer, tell
from bot.mentoring.requests.timers import cancel_jobs, finish
from storage.models import MentoringRequest, Person, Relationship
from storage.requests import RequestStore, StepKind

_MOVED_ON = {
    RequestStatus.ACCEPTED.value: "This request has already been accepted.",
    RequestStatus.CANCELLED.value: "The mentee withdrew this request.",
}


@dataclass(frozen=True)
class _Pairing:
    request_id: int
    relationship_id: int
    format: Format
    goal: str
    topics: tuple[str, ...]
    mentee: PersonRef


def refusal(
    store: RequestStore, row: MentoringRequest, offer_id: int, mentor: PersonRef
) -> Outcome | None:
    """Why this mentor may not answer this offer (not theirs, or no longer open)."""
    offered_to = store.requests.step(offer_id)
    owner_id = offered_to.mentor_id if offered_to and offered_to.request_id == row.id else None
    owner = store.person(owner_id) if owner_id else None
    if owner is not None and ref(owner) != mentor:
        return Outcome(messages.not_for_you(owner.user_id), changed=False)
    current = store.person(row.current_mentor_id) if row.current_mentor_id else None
    if current is None or ref(current) != mentor or not is_current_offer(store, row, offer_id):
        what = _MOVED_ON.get(
            row.status, "This request has moved on, so there's nothing more to do. Thank you!"
        )
        return Outcome(messages.already_handled(what), changed=False)
    return None


def accept(ctx: RequestContext, request_id: int, offer_id: int, mentor: PersonRef) -> Outcome:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row, mentee = request_and_mentee(store, request_id)
        refused = refusal(store, row, offer_id, mentor)
        if refused is not None:
            return refused
        mentor_person = store.person(row.current_mentor_id)
        assert mentor_person.id is not None
        profile = store.profiles.for_person_locked(mentor_person.id)
        capacity = profile.capacity if profile else 0
        load = store.profiles.active_mentee_counts([mentor_person.id]).get(mentor_person.id, 0)
        if load >= capacity:
            full = _pass_on_full(ctx, store, row, mentee, mentor, (load, capacity))
            close_offer(ctx, store, offer_id, full.shown)
            finish(ctx, store, full)
            return full
        pairing = _pair(ctx, store, row, mentee, mentor_person)
        accepted = _introduce_pair(ctx, store, pairing, mentor)
        close_offer(ctx, store, offer_id, accepted.shown)
    cancel_jobs(ctx, pairing.request_id)
    return accepted


def _pass_on_full(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    mentee: Person,
    mentor: PersonRef,
    load_and_capacity: tuple[int, int],
) -> Outcome:
    assert row.id is not None
    record_step(ctx, store, row.id, StepKind.FULL, row.current_mentor_id)
    after = messages.moved_on(mentor.user_id, "has no free slot right now.")
    passed = offer_next(ctx, store, row, mentee, after=after)
    return Outcome(
        mentor_messages.list_full(*load_and_capacity),
        passed.notices,
        waiting_offer=passed.waiting_offer,
    )


def _pair(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    mentee: Person,
    mentor: Person,
) -> _Pairing:
    assert row.id is not None and mentor.id is not None
    relationship = store.relationships.add(
        Relationship(
            mentor_id=mentor.id,
            mentee_id=row.mentee_id,
            request_id=row.id,
            format=row.format,
            started_at=ctx.clock.now(),
        )
    )
    row.status = RequestStatus.ACCEPTED.value
    row.closed_at = ctx.clock.now()
    record_step(ctx, store, row.id, StepKind.ACCEPTED, mentor.id)
    assert relationship.id is not None
    record(store.session, Introduced(relationship.id, row.format), ctx.clock.now())
    return _Pairing(
        row.id, relationship.id, Format(row.format), row.goal, tuple(row.topics), ref(mentee)
    )


def _introduce_pair(
    ctx: RequestContext, store: RequestStore, pairing: _Pairing, mentor: PersonRef
) -> Outcome:
    together = ctx.messenger.opens_group_chats
    to_mentee = messages.accepted_for_mentee(mentor.user_id, together)
    accepted = Outcome(
        mentor_messages.accepted_for_mentor(pairing.mentee.user_id, together),
        (Notice(pairing.mentee, to_mentee),),
    )
    introduce(
        ctx,
        store,
        Pair(pairing.relationship_id, mentor, pairing.mentee),
        pairing.goal,
        pairing.format,
        pairing.topics,
    )
    tell(ctx, store, accepted.notices)
    return accepted


def decline(
    ctx: RequestContext,
    request_id: int,
    offer_id: int,
    mentor: PersonRef,
    reason: str | None,
    unavailable_until: date | None,
) -> Outcome:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row, mentee = request_and_mentee(store, request_id)
        refused = refusal(store, row, offer_id, mentor)
        if refused is not None:
            return refused
        mentor_id = row.current_mentor_id
        assert mentor_id is not None
        if unavailable_until and unavailable_until > ctx.clock.now().date():
            store.profiles.get_or_create(mentor_id).paused_until = unavailable_until
        why = (reason or "")[:500] or None
        record_step(ctx, store, request_id, StepKind.DECLINED, mentor_id, why)
        declined = mentor_messages.declined_for_mentor(unavailable_until)
        close_offer(ctx, store, offer_id, declined)
        after = messages.moved_on(mentor.user_id, "can't take this on right now.")
        passed = offer_next(ctx, store, row, mentee, after=after)
        finish(ctx, store, passed)
    return Outcome(declined, passed.notices)


def suggest_colleague(
    ctx: RequestContext, request_id: int, offer_id: int, mentor: PersonRef, colleague: PersonRef
) -> Outcome:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row, mentee = request_and_mentee(store, request_id)
        refused = refusal(store, row, offer_id, mentor)
        if refused is not None:
            return refused
        if colleague in (mentor, ref(mentee)):
            return Outcome(
                messages.already_handled(
                    "Please suggest someone other than yourself or the mentee."
                ),
                changed=False,
            )
        colleague_person = store.people.get_or_create(colleague)
        assert colleague_person.id is not None
        why_not = why_not_eligible(ctx, store, row, need_of(store, row, mentee), colleague_person)
        if why_not:
            return Outcome(
                messages.already_handled(f"We can't send it to them: {why_not}. Nothing changed."),
                changed=False,
            )
        record_step(ctx, store, request_id, StepKind.SUGGESTED, colleague_person.id)
        row.candidates = [colleague_person.id] + [
            c for c in row.candidates if c != colleague_person.id
        ]
        row.suggested_by_id = row.current_mentor_id
        suggested = mentor_messages.suggested_for_mentor(colleague.user_id)
        close_offer(ctx, store, offer_id, suggested)
        passed = offer_next(ctx, store, row, mentee, suggested_by=mentor.user_id)
        finish(ctx, store, passed)
    return Outcome(suggested, passed.notices)


def offer_refusal(
    ctx: RequestContext, request_id: int, offer_id: int, mentor: PersonRef
) -> Outcome | None:
    """Why this mentor may not answer this offer, asked before showing them a form."""
    with ctx.database.read() as session:
        store = RequestStore(session)
        row = store.requests.get(request_id)
        if row is None:
            return Outcome(
                messages.already_handled("That request no longer exists."), changed=False
            )
        return refusal(store, row, offer_id, mentor)

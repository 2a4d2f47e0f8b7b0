"""Offering a request to the next eligible mentor, or handing it to the organizers."""

from bot.assessment import apart_from_evaluators, evaluators_of_person
from bot.career import CareerStage
from bot.identity import PersonRef
from bot.matching.profiles import MenteeNeed
from bot.matching.rules import broken_rule
from bot.mentoring import mentor_messages, messages
from bot.mentoring.model import Format, Notice, NoticeKind, Outcome, RequestStatus
from bot.mentoring.practices import load_practices
from bot.mentoring.requests.context import RequestContext, ref
from bot.mentoring.requests.sending import offer_message_key
from bot.profiles import mentee_need, mentor_profile
from bot.replies import Reply, joined
from storage.assessment import AssessmentRepository
from storage.models import MentoringRequest, Person, Profile
from storage.requests import RequestStore, StepKind

SENSITIVE_GOAL = "Marked sensitive: the mentee will share it with whoever reaches out."
_RULES_IN_WORDS = {
    "mentor has no free slot": "their list is full",
    "never pair": "they can't be paired",
    "evaluates the mentee": "they can't be paired",
}


def record_step(
    ctx: RequestContext,
    store: RequestStore,
    request_id: int,
    kind: StepKind,
    mentor_id: int | None = None,
    reason: str | None = None,
) -> int:
    return store.requests.add_step(request_id, kind, ctx.clock.now(), mentor_id, reason)


def request_and_mentee(store: RequestStore, request_id: int) -> tuple[MentoringRequest, Person]:
    row = store.requests.get(request_id)
    if row is None:
        raise LookupError(f"no request {request_id}")
    return row, store.person(row.mentee_id)


def need_of(store: RequestStore, row: MentoringRequest, mentee: Person) -> MenteeNeed:
    profile = store.profiles.for_person(mentee.id or 0)
    need = mentee_need(mentee, profile, row.goal, row.topics, row.specialty)
    return apart_from_evaluators(AssessmentRepository(store.session), mentee.workspace_id, need)


def is_current_offer(store: RequestStore, row: MentoringRequest, offer_id: int) -> bool:
    if row.status != RequestStatus.WAITING or row.id is None:
        return False
    return store.requests.latest_offer_id(row.id) == offer_id


def offer_next(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    mentee: Person,
    *,
    after: Reply | None = None,
    suggested_by: str | None = None,
    mentee_acting: bool = False,
) -> Outcome:
    """Offer to the next eligible candidate, or hand the request to the organizers."""
    assert row.id is not None
    queue = list(row.candidates)
    need = need_of(store, row, mentee)
    while queue:
        candidate = store.person(queue.pop(0))
        if why_not_eligible(ctx, store, row, need, candidate) is None:
            break
    else:
        row.candidates = []
        notices = escalate_to_organizers(
            ctx, store, row, mentee, after=after, mentee_acting=mentee_acting
        )
        asked = store.requests.offer_count(row.id)
        return Outcome(messages.unmatched_for_mentee(asked), notices)
    row.candidates = queue
    row.status = RequestStatus.WAITING.value
    row.current_mentor_id = candidate.id
    row.offered_at = ctx.clock.now()
    row.reminded_at = None
    if suggested_by is None:
        row.suggested_by_id = None
    offer = record_step(ctx, store, row.id, StepKind.OFFERED, candidate.id)
    ask = ask_for(ctx, store, row, offer, mentee, need)
    to_mentee = messages.sent_to(candidate.user_id, suggested_by)
    notices = (
        Notice(
            ref(candidate),
            mentor_messages.nudge(ask, load_practices().tips_for(row.id)),
            NoticeKind.NUDGE,
            offer_message_key(NoticeKind.NUDGE, offer),
        ),
        *_for_mentee(mentee, to_mentee, after, mentee_acting),
    )
    return Outcome(to_mentee, notices, waiting_offer=(row.id, offer))


def _for_mentee(
    mentee: Person, news: Reply, after: Reply | None, mentee_acting: bool
) -> tuple[Notice, ...]:
    """A mentee who pressed a button sees ``news`` in place of the card they pressed; anyone
    else gets one message saying what happened and what comes next."""
    if mentee_acting:
        return ()
    return (Notice(ref(mentee), joined(after, news) if after is not None else news),)


def escalate_to_organizers(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    mentee: Person,
    *,
    after: Reply | None = None,
    mentee_acting: bool = False,
    wished: mentor_messages.Unavailable | None = None,
    by_choice: bool = False,
) -> tuple[Notice, ...]:
    """`wished`: the one mentor the mentee asked for by name could not be asked."""
    assert row.id is not None
    row.status = RequestStatus.UNMATCHED.value
    row.current_mentor_id = None
    record_step(ctx, store, row.id, StepKind.UNMATCHED)
    asked = store.requests.offer_count(row.id)
    alert = mentor_messages.organizer_alert(
        mentee.user_id, SENSITIVE_GOAL if row.sensitive else row.goal, asked, wished, by_choice
    )
    told = (
        messages.wished_mentor_unavailable(wished.user_id)
        if wished
        else messages.unmatched_for_mentee(asked)
    )
    return (
        *_for_mentee(mentee, told, after, mentee_acting),
        *(
            Notice(organizer, alert, NoticeKind.ORGANIZER_ALERT)
            for organizer in _organizers(ctx, store, mentee, apart=row.sensitive)
        ),
    )


def _organizers(
    ctx: RequestContext, store: RequestStore, mentee: Person, *, apart: bool = False
) -> list[PersonRef]:
    """The organizers to alert; for a sensitive request, none who evaluates the mentee."""
    refs = {ref(p) for p in store.organizers(mentee.workspace_id)}
    configured = ctx.people.organizers_in(mentee.workspace_id)
    refs |= {PersonRef(mentee.platform, mentee.workspace_id, u) for u in configured}
    if apart and mentee.id is not None:
        evaluators = evaluators_of_person(
            AssessmentRepository(store.session), mentee.workspace_id, mentee.id
        )
        evaluator_users = set(store.people.user_ids(evaluators).values())
        refs = {r for r in refs if r.user_id not in evaluator_users}
    return sorted(refs, key=lambda r: r.user_id)


def why_not_eligible(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    need: MenteeNeed,
    candidate: Person,
) -> str | None:
    assert candidate.id is not None and row.id is not None
    if store.requests.was_offered(row.id, candidate.id):
        return "they were already asked"
    profile = store.profiles.for_person(candidate.id) or Profile(person_id=candidate.id, capacity=1)
    # A colleague suggested by a mentor may have no mentor profile yet: one slot lets the
    # request reach them, while pauses and never-pair lists still hold.
    if profile.capacity == 0 and not candidate.is_mentor:
        profile = Profile(
            person_id=candidate.id,
            capacity=1,
            paused_until=profile.paused_until,
            never_pair=profile.never_pair,
        )
    load = store.profiles.active_mentee_counts([candidate.id]).get(candidate.id, 0)
    broken = broken_rule(need, mentor_profile(profile, load), ctx.clock.now().date())
    return _RULES_IN_WORDS.get(broken or "", broken)


def ask_for(
    ctx: RequestContext,
    store: RequestStore,
    row: MentoringRequest,
    offer_id: int,
    mentee: Person,
    need: MenteeNeed,
) -> mentor_messages.Ask:
    assert row.id is not None
    profile = store.profiles.for_person(mentee.id or 0)
    mentor = store.person(row.current_mentor_id)
    mentor_id = mentor.id or 0
    mentor_row = store.profiles.for_person(mentor_id) or Profile(person_id=mentor_id)
    load = store.profiles.active_mentee_counts([mentor_id]).get(mentor_id, 0)
    reasons = ctx.scorer.score(need, mentor_profile(mentor_row, load)).reasons
    suggested_by = store.person(row.suggested_by_id).user_id if row.suggested_by_id else None
    return mentor_messages.Ask(
        request_id=row.id,
        offer_id=offer_id,
        mentee_user_id=mentee.user_id,
        mentee_stage=CareerStage(profile.career_stage).label
        if profile and profile.career_stage
        else None,
        goal=row.goal,
        format=Format(row.format),
        by_date=row.by_date,
        reasons=reasons,
        suggested_by_user_id=suggested_by,
    )

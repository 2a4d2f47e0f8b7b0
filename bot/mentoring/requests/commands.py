"""What a mentee does: ask for a mentor, choose one (or the best match), or cancel."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.assessment import apart_from_evaluators
from bot.identity import PersonRef
from bot.matching.assign import Suggestion, suggest
from bot.matching.embeddings import EmbeddingsScorer
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.terms import did_you_mean
from bot.mentoring import mentor_messages, messages
from bot.mentoring.model import (
    GOAL_MAX_LENGTH,
    GOAL_MIN_LENGTH,
    Format,
    Notice,
    NoticeKind,
    Outcome,
    RequestInput,
    RequestProblems,
    RequestStatus,
)
from bot.mentoring.requests.context import RequestContext, ref
from bot.mentoring.requests.offering import (
    escalate_to_organizers,
    need_of,
    offer_next,
    record_step,
    request_and_mentee,
    why_not_eligible,
)
from bot.mentoring.requests.sending import close_offer, tell
from bot.mentoring.requests.timers import cancel_jobs, finish
from bot.profiles import mentee_need, mentor_profiles
from bot.replies import Reply
from storage.assessment import AssessmentRepository
from storage.models import MentoringRequest, Person
from storage.requests import RequestStore, StepKind

SHOWN_SUGGESTIONS = 3
# A goal as mentees write them, with an abbreviation and a typo, so warming reads every way.
_WARM_UP_GOAL = "PGY-2 in peds cards, advice on fellowhsip applications and research"
CANDIDATE_LIMIT = 10
_OPEN = (RequestStatus.CHOOSING, RequestStatus.WAITING)


@dataclass(frozen=True)
class Started:
    request_id: int
    shown: Reply
    notices: tuple[Notice, ...]


def validate_request(request: RequestInput, today: date) -> dict[str, str]:
    problems = {}
    goal = request.goal.strip()
    if len(goal) < GOAL_MIN_LENGTH:
        problems["goal"] = (
            "Say a little more about what you'd like help with (a sentence is plenty)."
        )
    elif len(goal) > GOAL_MAX_LENGTH:
        problems["goal"] = f"Please keep this under {GOAL_MAX_LENGTH} characters."
    if request.by_date and request.by_date < today:
        problems["by_date"] = "Pick today or a later date, or leave it empty."
    return problems


def start(ctx: RequestContext, mentee: PersonRef, request: RequestInput) -> Started:
    """Record a request and show the best-fitting mentors; raises RequestProblems."""
    today = ctx.clock.now().date()
    problems = validate_request(request, today)
    if problems:
        raise RequestProblems(problems)
    request = replace(request, goal=request.goal.strip())
    need, ranked = _rank_mentors(ctx, mentee, request, today)
    with ctx.database.write() as session:
        store = RequestStore(session)
        person = store.people.get_or_create(mentee)
        assert person.id is not None
        person.is_mentee = True
        row = _new_request(ctx, store, person.id, request, [int(s.mentor_id) for s in ranked])
        row.topics = sorted(need.topics)
        row.specialty = need.specialty
        assert row.id is not None
        if not ranked:
            notices = escalate_to_organizers(ctx, store, row, person, mentee_acting=True)
            started = Started(row.id, messages.unmatched_for_mentee(asked=0), notices)
        else:
            started = Started(row.id, _suggestions(store, row, ranked), ())
        # A form's submission has nowhere to answer in place: the answer is a message.
        tell(ctx, store, (Notice(mentee, started.shown, NoticeKind.ANSWER), *started.notices))
    return started


def _rank_mentors(
    ctx: RequestContext, mentee: PersonRef, request: RequestInput, today: date
) -> tuple[MenteeNeed, list[Suggestion]]:
    # Ranked in a read transaction: on SQLite a write transaction holds the one write lock,
    # and every other person's click would wait behind the ranking. Acceptance re-checks a
    # mentor's capacity, so a ranking a moment old is safe.
    with ctx.database.read() as session:
        store = RequestStore(session)
        person = store.people.find(mentee)
        profile = store.profiles.for_person(person.id) if person and person.id else None
        need = apart_from_evaluators(
            AssessmentRepository(session),
            mentee.workspace_id,
            mentee_need(person, profile, request.goal, request.topics, request.specialty),
        )
        mentors = mentor_profiles(store.profiles, mentee.workspace_id)
        allowed = suggest(need, mentors, ctx.scorer, today, k=CANDIDATE_LIMIT)
    skipped = need.never_pair | {str(person_id) for person_id in request.leave_out}
    ranked = [s for s in allowed if s.score.fits and s.mentor_id not in skipped]
    if request.sensitive:
        ranked = outside_department_first(ranked, mentors, need.department)
    return need, ranked


def warm_ranking(ctx: RequestContext) -> None:
    """Rank a request against each workspace's mentors once, without recording anything.

    The first ranking reads every mentor's profile and builds their pool's statistics; done as
    the server starts, the first mentee who asks does not wait for it. An embeddings scorer's
    own part is left out: warming must not call a paid service.
    """
    scorer = ctx.scorer.fallback if isinstance(ctx.scorer, EmbeddingsScorer) else ctx.scorer
    today = ctx.clock.now().date()
    need = MenteeNeed(person_id="", goal=_WARM_UP_GOAL)
    scorer.score(need, MentorProfile(person_id="", help_text=_WARM_UP_GOAL))
    with ctx.database.read() as session:
        profiles = RequestStore(session).profiles
        for workspace_id in profiles.mentor_workspaces():
            suggest(need, mentor_profiles(profiles, workspace_id), scorer, today, k=1)


def _new_request(
    ctx: RequestContext,
    store: RequestStore,
    mentee_id: int,
    request: RequestInput,
    candidates: list[int],
) -> MentoringRequest:
    row = store.requests.add(
        MentoringRequest(
            mentee_id=mentee_id,
            goal=request.goal,
            topics=list(request.topics),
            specialty=request.specialty,
            format=request.format.value,
            by_date=request.by_date,
            mentoring_role=request.role.value if request.role else None,
            sensitive=request.sensitive,
            status=RequestStatus.CHOOSING.value,
            candidates=candidates,
            created_at=ctx.clock.now(),
        )
    )
    assert row.id is not None
    record_step(ctx, store, row.id, StepKind.CREATED)
    return row


def outside_department_first(
    ranked: Sequence[Suggestion], mentors: Sequence[MentorProfile], department: str | None
) -> list[Suggestion]:
    """The same mentors, those outside the mentee's department first (each group in rank
    order): a sensitive ask is easier with someone who will not see you on the wards."""
    if not department:
        return list(ranked)
    home = department.strip().casefold()
    departments = {m.person_id: (m.department or "").strip().casefold() for m in mentors}
    return sorted(ranked, key=lambda s: departments.get(s.mentor_id) == home)


def _suggestions(store: RequestStore, row: MentoringRequest, ranked: Sequence[Suggestion]) -> Reply:
    assert row.id is not None
    shown = ranked[:SHOWN_SUGGESTIONS]
    users = store.people.user_ids(int(s.mentor_id) for s in shown)
    candidates = [
        messages.Candidate(int(s.mentor_id), users[int(s.mentor_id)], s.score.reasons)
        for s in shown
    ]
    return messages.suggestions(
        row.id, candidates, row.goal, wanted=SHOWN_SUGGESTIONS, readings=did_you_mean(row.goal)
    )


def choose(
    ctx: RequestContext, request_id: int, mentee: PersonRef, mentor_id: int | None
) -> Outcome:
    """Send the request to the chosen mentor, or down the ranked list ("best match")."""
    with ctx.database.write() as session:
        store = RequestStore(session)
        choosing = _still_choosing(store, request_id, mentee)
        if isinstance(choosing, Outcome):
            return choosing
        row, owner = choosing
        if mentor_id is not None and mentor_id in row.candidates:
            row.candidates = [mentor_id] + [c for c in row.candidates if c != mentor_id]
        outcome = offer_next(ctx, store, row, owner, mentee_acting=True)
        finish(ctx, store, outcome)
    return outcome


def ask_organizers(ctx: RequestContext, request_id: int, mentee: PersonRef) -> Outcome:
    """The mentee would rather the program organizers find someone than ask these mentors."""
    with ctx.database.write() as session:
        store = RequestStore(session)
        choosing = _still_choosing(store, request_id, mentee)
        if isinstance(choosing, Outcome):
            return choosing
        row, owner = choosing
        row.candidates = []
        notices = escalate_to_organizers(ctx, store, row, owner, mentee_acting=True, by_choice=True)
        outcome = Outcome(messages.organizers_asked(), notices)
        finish(ctx, store, outcome)
    return outcome


def _still_choosing(
    store: RequestStore, request_id: int, mentee: PersonRef
) -> tuple[MentoringRequest, Person] | Outcome:
    row, owner = request_and_mentee(store, request_id)
    if ref(owner) != mentee:
        return Outcome(messages.not_for_you(owner.user_id), changed=False)
    if row.status != RequestStatus.CHOOSING:
        return Outcome(
            messages.already_handled("You already chose for this request."), changed=False
        )
    return row, owner


def request_chat(
    ctx: RequestContext, mentee_person_id: int, mentor_person_id: int, note: str
) -> None:
    """A one-off chat with a mentor the mentee already chose (after an event, say)."""
    with ctx.database.write() as session:
        store = RequestStore(session)
        mentee = store.person(mentee_person_id)
        wish = RequestInput(goal=note.strip() or "A follow-up coffee chat", format=Format.ONE_OFF)
        row = _new_request(ctx, store, mentee_person_id, wish, [mentor_person_id])
        mentor = store.person(mentor_person_id)
        why = why_not_eligible(ctx, store, row, need_of(store, row, mentee), mentor)
        if why is not None:
            unavailable = mentor_messages.Unavailable(mentor.user_id, why)
            tell(ctx, store, escalate_to_organizers(ctx, store, row, mentee, wished=unavailable))
            return
        outcome = offer_next(ctx, store, row, mentee)
        finish(ctx, store, outcome)


def cancel(ctx: RequestContext, request_id: int, mentee: PersonRef) -> Outcome:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row, owner = request_and_mentee(store, request_id)
        if ref(owner) != mentee:
            return Outcome(messages.not_for_you(owner.user_id), changed=False)
        if row.status not in _OPEN:
            status = RequestStatus(row.status).label
            return Outcome(
                messages.already_handled(f"This request is already {status}."), changed=False
            )
        notices: tuple[Notice, ...] = ()
        if row.status == RequestStatus.WAITING and row.current_mentor_id:
            mentor = store.person(row.current_mentor_id)
            withdrawn = mentor_messages.withdrawn_for_mentor(owner.user_id)
            notices = (Notice(ref(mentor), withdrawn),)
            close_offer(ctx, store, store.requests.latest_offer_id(request_id) or 0, withdrawn)
        row.status = RequestStatus.CANCELLED.value
        row.closed_at = ctx.clock.now()
        row.current_mentor_id = None
        record_step(ctx, store, request_id, StepKind.CANCELLED)
        tell(ctx, store, notices)
    cancel_jobs(ctx, request_id)
    return Outcome(messages.cancelled_for_mentee(), notices)

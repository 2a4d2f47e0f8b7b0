"""What happens while a mentor is silent: a reminder, then passing the request on."""

from bot.mentoring import mentor_messages, messages
from bot.mentoring.model import Notice, NoticeKind, Outcome
from bot.mentoring.practices import load_practices
from bot.mentoring.requests.context import RequestContext, ref
from bot.mentoring.requests.offering import (
    ask_for,
    is_current_offer,
    need_of,
    offer_next,
    record_step,
)
from bot.mentoring.requests.sending import close_offer, offer_message_key, tell
from storage.db import after_commit
from storage.requests import RequestStore, StepKind

REMIND_TASK = "mentoring.remind"
PASS_ON_TASK = "mentoring.pass_on"


def _job_ids(request_id: int) -> tuple[str, str]:
    return f"request:{request_id}:remind", f"request:{request_id}:pass_on"


def schedule_waiting(ctx: RequestContext, request_id: int, offer_id: int) -> None:
    now = ctx.clock.now()
    remind_job, pass_on_job = _job_ids(request_id)
    args = (request_id, offer_id)
    ctx.scheduler.schedule_once(remind_job, REMIND_TASK, now + ctx.timing.remind_after, args)
    ctx.scheduler.schedule_once(pass_on_job, PASS_ON_TASK, now + ctx.timing.pass_on_after, args)


def cancel_jobs(ctx: RequestContext, request_id: int) -> None:
    for job_id in _job_ids(request_id):
        ctx.scheduler.cancel(job_id)


def finish(ctx: RequestContext, store: RequestStore, outcome: Outcome) -> None:
    """In the step's transaction: tell people, and book the reminder and pass-on for after."""
    waiting = outcome.waiting_offer
    if waiting is not None:
        after_commit(store.session, lambda: schedule_waiting(ctx, *waiting))
    tell(ctx, store, outcome.notices)


def remind(ctx: RequestContext, request_id: int, offer_id: int) -> None:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row = store.requests.get(request_id)
        if row is None or not is_current_offer(store, row, offer_id) or row.reminded_at:
            return
        row.reminded_at = ctx.clock.now()
        record_step(ctx, store, request_id, StepKind.REMINDED, row.current_mentor_id)
        mentee = store.person(row.mentee_id)
        mentor = store.person(row.current_mentor_id)
        ask = ask_for(ctx, store, row, offer_id, mentee, need_of(store, row, mentee))
        notices = (
            Notice(
                ref(mentor),
                mentor_messages.nudge(ask, load_practices().tips_for(request_id), reminder=True),
                NoticeKind.REMINDER,
                offer_message_key(NoticeKind.REMINDER, offer_id),
            ),
            Notice(ref(mentee), messages.mentee_reminded(mentor.user_id)),
        )
        tell(ctx, store, notices)


def pass_on(ctx: RequestContext, request_id: int, offer_id: int) -> None:
    with ctx.database.write() as session:
        store = RequestStore(session)
        row = store.requests.get(request_id)
        if row is None or not is_current_offer(store, row, offer_id):
            return
        mentee = store.person(row.mentee_id)
        mentor = store.person(row.current_mentor_id)
        record_step(ctx, store, request_id, StepKind.PASSED_ON, mentor.id)
        timed_out = mentor_messages.timed_out_for_mentor()
        close_offer(ctx, store, offer_id, timed_out)
        passed = offer_next(
            ctx,
            store,
            row,
            mentee,
            after=messages.moved_on(
                mentor.user_id, "hasn't been able to answer in time, so we moved on."
            ),
        )
        notices = (Notice(ref(mentor), timed_out), *passed.notices)
        finish(ctx, store, Outcome(passed.shown, notices, waiting_offer=passed.waiting_offer))

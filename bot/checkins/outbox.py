"""Delivery of prompt rows: each message the bot owes someone is sent once, when allowed.

Every prompt is a row (``storage.prompts``) and a scheduled job ``prompt:<id>`` whose only
argument is that id. The job's task, :meth:`Outbox.deliver`, claims the row with one
conditional UPDATE (pending -> sending), so however many workers or replicas run it, only
one sends. It re-checks that the prompt is still wanted (the composer decides: relationship
ended, goal closed), that the person has not paused, and that it is not their quiet hours;
then it sends through the messenger and marks the row sent, or puts it back with a backoff
when the platform stayed busy (rate limited, server errors) after its own retries, or marks
it failed with the reason. A sweeper job re-queues pending prompts that lost their job (a
crash between committing the row and scheduling it, or a job dropped after the scheduler's
misfire grace time).

Guarantee: a prompt is never sent twice by two workers. A process dying *between* the
platform accepting a message and the row being marked sent leaves the row "sending"; the
sweeper cannot know whether the message arrived, so after ``SENDING_LEASE`` it marks it
failed ("interrupted while sending") rather than risk a duplicate: at most once, and visible
to organizers, in that one narrow window.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlmodel import Session

from bot.clock import Clock
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Reply
from bot.scheduling import JobScheduler, next_allowed_send
from storage.db import Database
from storage.models import Person, Profile, Prompt
from storage.prompts import PromptRepository, PromptStatus

_logger = logging.getLogger(__name__)

DELIVER_TASK = "prompts.deliver"
SWEEP_TASK = "prompts.sweep"
SWEEP_JOB = "prompts:sweep"
SWEEP_EVERY = timedelta(hours=3)
SENDING_LEASE = timedelta(minutes=30)
SWEEP_BATCH = 5000
MAX_ATTEMPTS = 6
RETRY_FIRST = timedelta(minutes=2)
RETRY_LONGEST = timedelta(hours=2)
INTERRUPTED = "interrupted while sending; it may or may not have arrived"


def retry_delay(attempts: int, retry_after: float | None) -> timedelta:
    """Exponential backoff from the attempt count, never sooner than the platform asked."""
    backoff: timedelta = min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_LONGEST)
    return max(backoff, timedelta(seconds=retry_after or 0))


def prompt_job_id(prompt_id: int) -> str:
    return f"prompt:{prompt_id}"


@dataclass(frozen=True)
class QuietHours:
    start: time
    end: time
    weekends: bool
    default_timezone: str

    def next_allowed(self, due: datetime, timezone: str | None) -> datetime:
        return next_allowed_send(
            due, timezone or self.default_timezone, self.start, self.end, self.weekends
        )


@dataclass(frozen=True)
class Composed:
    """What to send for a prompt that is still wanted."""

    to: PersonRef
    message: Reply


@dataclass(frozen=True)
class NotWanted:
    reason: str


Composer = Callable[[Session, Prompt], Composed | NotWanted]


@dataclass(frozen=True)
class Queued:
    prompt_id: int
    due_at: datetime


class Delivery(StrEnum):
    SENT = "sent"
    DEFERRED = "deferred"
    SKIPPED = "skipped"
    FAILED = "failed"
    NOT_READY = "not_ready"


def is_paused(profile: Profile | None, today: date) -> bool:
    return (
        profile is not None and profile.paused_until is not None and profile.paused_until >= today
    )


class Outbox:
    """Queues prompt rows and delivers them exactly once, at an allowed hour."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        scheduler: JobScheduler,
        quiet_hours: QuietHours,
        compose: Composer,
        sweep_every: timedelta = SWEEP_EVERY,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.scheduler = scheduler
        self.quiet_hours = quiet_hours
        self.compose = compose
        self.sweep_every = sweep_every

    # --- queueing ------------------------------------------------------------------------

    def add(
        self,
        session: Session,
        *,
        kind: str,
        person_id: int,
        subject_type: str,
        subject_id: int,
        dedupe_key: str,
        due: datetime,
    ) -> Queued | None:
        """Add a prompt in the caller's transaction, moved out of the person's quiet hours.

        Returns None when a prompt with this dedupe key already exists. Call :meth:`schedule`
        with what this returns once the transaction has committed.
        """
        person = session.get(Person, person_id)
        if person is None:
            raise LookupError(f"no person {person_id}")
        prompt, created = PromptRepository(session).add_once(
            kind=kind,
            person_id=person_id,
            subject_type=subject_type,
            subject_id=subject_id,
            dedupe_key=dedupe_key,
            due_at=self.quiet_hours.next_allowed(due, person.timezone),
        )
        if not created or prompt.id is None:
            return None
        return Queued(prompt.id, prompt.due_at)

    def schedule(self, queued: Iterable[Queued | None]) -> None:
        """Give each committed prompt its job, and make sure the sweeper runs."""
        for item in queued:
            if item is not None:
                self._schedule_job(item.prompt_id, item.due_at)
        self.ensure_sweeper()

    def ensure_sweeper(self) -> None:
        # Aligned to a fixed grid, so replacing the job again and again never postpones it.
        period = self.sweep_every.total_seconds()
        now = self.clock.now()
        next_slot = (int(now.timestamp() // period) + 1) * period
        first = now + timedelta(seconds=next_slot - now.timestamp())
        self.scheduler.schedule_interval(SWEEP_JOB, SWEEP_TASK, self.sweep_every, (), first)

    def _schedule_job(self, prompt_id: int, due: datetime) -> None:
        self.scheduler.schedule_once(prompt_job_id(prompt_id), DELIVER_TASK, due, (prompt_id,))

    # --- delivering ----------------------------------------------------------------------

    def deliver(self, prompt_id: int) -> Delivery:
        """Send one prompt if it is due, still wanted and allowed now (the job's task)."""
        now = self.clock.now()
        with self.database.write() as session:
            prompts = PromptRepository(session)
            if not prompts.claim(prompt_id, now):
                return Delivery.NOT_READY
            prompt = session.get(Prompt, prompt_id)
            person = session.get(Person, prompt.person_id) if prompt else None
            if prompt is None or person is None:
                return Delivery.NOT_READY
            if is_paused(session.get(Profile, person.id), now.date()):
                prompts.finish(prompt_id, PromptStatus.SKIPPED, now, "paused")
                return Delivery.SKIPPED
            allowed = self.quiet_hours.next_allowed(now, person.timezone)
            if allowed > now:
                prompts.release(prompt_id, allowed)
                composed: Composed | NotWanted | None = None
            else:
                composed = self.compose(session, prompt)
                if isinstance(composed, NotWanted):
                    prompts.finish(prompt_id, PromptStatus.SKIPPED, now, composed.reason)
                    return Delivery.SKIPPED
                prompts.count_attempt(prompt_id)
            attempts = prompt.attempts
        if not isinstance(composed, Composed):
            self._schedule_job(prompt_id, allowed)
            return Delivery.DEFERRED
        return self._send(prompt_id, attempts, composed)

    def _send(self, prompt_id: int, attempts: int, composed: Composed) -> Delivery:
        try:
            self.messenger.send_direct(composed.to, composed.message)
        except DeliveryFailed as failure:
            return self._failed(prompt_id, attempts, failure)
        except Exception:
            _logger.exception("Sending prompt %s failed unexpectedly", prompt_id)
            return self._failed(
                prompt_id, MAX_ATTEMPTS, DeliveryFailed("internal error while sending")
            )
        with self.database.write() as session:
            PromptRepository(session).finish(prompt_id, PromptStatus.SENT, self.clock.now())
        return Delivery.SENT

    def _failed(self, prompt_id: int, attempts: int, failure: DeliveryFailed) -> Delivery:
        now = self.clock.now()
        reason = failure.reason
        if failure.transient and attempts < MAX_ATTEMPTS:
            retry_at = now + retry_delay(attempts, failure.retry_after)
            with self.database.write() as session:
                PromptRepository(session).release(prompt_id, retry_at, reason)
            _logger.info("Prompt %s will be retried at %s (%s)", prompt_id, retry_at, reason)
            self._schedule_job(prompt_id, retry_at)
            return Delivery.DEFERRED
        with self.database.write() as session:
            PromptRepository(session).finish(prompt_id, PromptStatus.FAILED, now, reason)
        _logger.warning("Prompt %s failed: %s", prompt_id, reason)
        return Delivery.FAILED

    def sweep(self) -> int:
        """Re-queue due pending prompts whose job went missing; give up on stale claims."""
        now = self.clock.now()
        with self.database.write() as session:
            stale = PromptRepository(session).fail_stale(now - SENDING_LEASE, INTERRUPTED)
        if stale:
            _logger.warning("%s prompts were interrupted while sending", stale)
        with self.database.read() as session:
            due = PromptRepository(session).due_pending(now, SWEEP_BATCH)
        for prompt_id, _ in due:
            self._schedule_job(prompt_id, now)
        return len(due)

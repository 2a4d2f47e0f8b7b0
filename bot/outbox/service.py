"""The one way out: every message a change owes someone is an outbox row, sent after commit.

A feature posts rows in its own transaction (:meth:`Outbox.post`); once that transaction has
committed, rows that are due go out at once, several at a time, and later ones get a
scheduled job ``prompt:<id>`` whose only argument is the row id. Sending claims the row with
one conditional UPDATE (pending -> sending), so however many workers or replicas race, one
sends. A platform that stays busy (rate limits, server errors, time-outs) puts the row back
with a backoff; anything else marks it failed with the reason, which organizers see. A
sweeper re-queues pending rows that lost their job.

Guarantee: a row is never sent twice by two workers. A process dying *between* the platform
accepting a message and the row being marked sent leaves the row "sending"; the sweeper
cannot know whether it arrived (Slack has no idempotency key for chat.postMessage), so after
``SENDING_LEASE`` it marks it failed ("interrupted while sending") rather than risk a
duplicate: at most once, and visible to organizers, in that one narrow window.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock
from bot.messaging import DeliveryFailed, Messenger, SentMessage
from bot.outbox.addressing import Composer, NotWanted, Ready, Wait, prepare
from bot.outbox.codec import encode_files, encode_reply
from bot.outbox.messages import Outgoing, Recipient, replacement
from bot.outbox.rules import QuietHours, Urgency
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import Database, Session, collect_after_commit
from storage.models import Prompt
from storage.people import PersonRepository
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
# A message that cannot wait (a seat in a running round) is tried again within seconds.
URGENT_RETRY_FIRST = timedelta(seconds=5)
URGENT_RETRY_LONGEST = timedelta(minutes=1)
DELIVERY_THREADS = 8
INTERRUPTED = "interrupted while sending; it may or may not have arrived"
_COMMITTED = "outbox:committed"

AfterSent = Callable[[Prompt, SentMessage], None]
DeliveryObserver = Callable[["Delivery"], None]


def retry_delay(
    attempts: int, retry_after: float | None, urgency: Urgency = Urgency.QUIET_HOURS
) -> timedelta:
    """Exponential backoff from the attempt count, never sooner than the platform asked."""
    first, longest = (
        (URGENT_RETRY_FIRST, URGENT_RETRY_LONGEST)
        if urgency == Urgency.NOW
        else (RETRY_FIRST, RETRY_LONGEST)
    )
    backoff: timedelta = min(first * 2 ** max(attempts - 1, 0), longest)
    return max(backoff, timedelta(seconds=retry_after or 0))


def prompt_job_id(prompt_id: int) -> str:
    return f"prompt:{prompt_id}"


@dataclass(frozen=True)
class Queued:
    prompt_id: int
    due_at: datetime
    # Who reads it: messages sharing a reader go out one after another, in posting order.
    readers: frozenset[str] = frozenset()


def in_reading_order(queued: Sequence[Queued]) -> list[list[int]]:
    """Chains of row ids; each reader's rows sit in one chain, in the order they were posted."""
    chain_of: dict[str, int] = {}
    chains: dict[int, list[int]] = {}
    for position, item in enumerate(queued):
        joined = sorted({chain_of[reader] for reader in item.readers if reader in chain_of})
        home = joined[0] if joined else position
        members = sorted({index for other in joined for index in chains.pop(other)} | {position})
        chains[home] = members
        for index in members:
            for reader in queued[index].readers:
                chain_of[reader] = home
    return [[queued[index].prompt_id for index in chain] for chain in chains.values()]


class Delivery(StrEnum):
    SENT = "sent"
    DEFERRED = "deferred"
    SKIPPED = "skipped"
    FAILED = "failed"
    NOT_READY = "not_ready"


@dataclass(frozen=True)
class _Claimed:
    prompt: Prompt
    ready: Ready


def _readers(prompt: Prompt) -> frozenset[str]:
    people = [prompt.person_id, *(prompt.group_person_ids or ())]
    readers = {f"person:{person_id}" for person_id in people if person_id is not None}
    if prompt.channel_id is not None:
        readers.add(f"channel:{prompt.channel_id}")
    if prompt.update_of is not None:
        readers.add(f"row:{prompt.update_of}")
    return frozenset(readers)


def _workspace(
    session: Session, outgoing: Outgoing, person_id: int | None, group_ids: Sequence[int]
) -> str | None:
    """Where a message goes: its person's or group's workspace, or the original's for an update,
    so that the workspace's own token sends it."""
    if outgoing.workspace_id is not None:
        return outgoing.workspace_id
    if outgoing.update_of is not None:
        original = PromptRepository(session).get(outgoing.update_of)
        return original.workspace_id if original is not None else None
    people = PersonRepository(session)
    for candidate in (person_id, *group_ids):
        person = people.get(candidate) if candidate is not None else None
        if person is not None:
            return person.workspace_id
    return None


def _payload(outgoing: Outgoing) -> dict[str, object] | None:
    if outgoing.message is None:
        return None
    payload: dict[str, object] = {**encode_reply(outgoing.message)}
    if outgoing.files:
        payload["files"] = encode_files(outgoing.files)
    return payload


class Outbox:
    """Queues every outgoing message with the change that caused it, and sends it once."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        scheduler: JobScheduler,
        quiet_hours: QuietHours,
        *,
        threads: int = DELIVERY_THREADS,
        sweep_every: timedelta = SWEEP_EVERY,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.scheduler = scheduler
        self.quiet_hours = quiet_hours
        self.threads = threads
        self.sweep_every = sweep_every
        self._sweeper_first_run: datetime | None = None
        self._composers: dict[str, Composer] = {}
        self._after_sent: dict[str, AfterSent] = {}
        self._observers: list[DeliveryObserver] = []

    def compose_with(self, kinds: Iterable[str], composer: Composer) -> None:
        """Rows of these kinds carry no message: ``composer`` writes it when it is sent."""
        for kind in kinds:
            self._composers[kind] = composer

    def when_sent(self, kind: str, callback: AfterSent) -> None:
        """Tell the feature where a message of ``kind`` went (to update it later, say)."""
        self._after_sent[kind] = callback

    def observe(self, observer: DeliveryObserver) -> None:
        """Tell ``observer`` how each delivery attempt ended (for metrics)."""
        self._observers.append(observer)

    # --- posting -------------------------------------------------------------------------

    def post(self, session: Session, outgoing: Outgoing) -> Queued | None:
        """Add a message in the caller's transaction; it is sent once that commits.

        Returns None when a message with the same dedupe key was posted before.
        """
        person_id = self._person_id(session, outgoing.to) if outgoing.to is not None else None
        due = outgoing.due or self.clock.now()
        if person_id is not None and outgoing.urgency == Urgency.QUIET_HOURS:
            person = PersonRepository(session).get(person_id)
            due = self.quiet_hours.next_allowed(due, person.timezone if person else None)
        group_ids = [self._person_id(session, p) for p in outgoing.group]
        prompt, created = PromptRepository(session).add_once(
            kind=outgoing.kind,
            person_id=person_id,
            subject_type=outgoing.subject_type,
            subject_id=outgoing.subject_id,
            dedupe_key=outgoing.key,
            due_at=due,
            group_person_ids=group_ids or None,
            channel_id=outgoing.channel_id,
            workspace_id=_workspace(session, outgoing, person_id, group_ids),
            update_of=outgoing.update_of,
            urgency=outgoing.urgency.value,
            payload=_payload(outgoing),
        )
        if not created or prompt.id is None:
            return None
        queued = Queued(prompt.id, prompt.due_at, _readers(prompt))
        collect_after_commit(session, _COMMITTED, queued, self._committed)
        return queued

    def post_all(self, session: Session, outgoing: Iterable[Outgoing]) -> list[Queued | None]:
        return [self.post(session, item) for item in outgoing]

    def rewrite(
        self, session: Session, kind: str, dedupe_keys: Iterable[str], message: Reply
    ) -> None:
        """The messages posted under these keys no longer apply: each one sent is rewritten in
        place to ``message``, and each still waiting is dropped unseen."""
        prompts = PromptRepository(session)
        for key in dedupe_keys:
            row = prompts.by_key(key)
            if row is None or row.id is None:
                continue
            if row.status == PromptStatus.PENDING:
                prompts.skip_pending(row.id, "no longer applies")
            elif row.status in (PromptStatus.SENDING, PromptStatus.SENT):
                self.post(session, replacement(kind, row.id, message))

    def add(
        self,
        session: Session,
        *,
        kind: str,
        person_id: int | None,
        subject_type: str,
        subject_id: int,
        dedupe_key: str,
        due: datetime,
    ) -> Queued | None:
        """A prompt whose kind has a composer, to ``person_id`` at ``due`` or their morning."""
        if person_id is None:
            raise ValueError("a prompt needs the person it is for")
        return self.post(
            session,
            Outgoing(
                kind,
                None,
                to=person_id,
                due=due,
                dedupe_key=dedupe_key,
                subject_type=subject_type,
                subject_id=subject_id,
            ),
        )

    def _person_id(self, session: Session, recipient: Recipient) -> int:
        if isinstance(recipient, int):
            return recipient
        person = PersonRepository(session).get_or_create(recipient)
        assert person.id is not None
        return person.id

    def _committed(self, queued: list[Queued]) -> None:
        now = self.clock.now()
        for item in queued:
            if item.due_at > now:
                self._schedule_job(item.prompt_id, item.due_at)
        self._deliver_chains(in_reading_order([item for item in queued if item.due_at <= now]))
        self.ensure_sweeper()

    def ensure_sweeper(self) -> None:
        # Aligned to a fixed grid, so replacing the job again and again never postpones it.
        period = self.sweep_every.total_seconds()
        now = self.clock.now()
        next_slot = (int(now.timestamp() // period) + 1) * period
        first = now + timedelta(seconds=next_slot - now.timestamp())
        # Once per slot: booking it again at every commit wrote the job table on every
        # request, waiting for the database's write lock (on SQLite, behind any other writer).
        if first == self._sweeper_first_run:
            return
        self.scheduler.schedule_interval(SWEEP_JOB, SWEEP_TASK, self.sweep_every, (), first)
        self._sweeper_first_run = first

    def _schedule_job(self, prompt_id: int, due: datetime) -> None:
        self.scheduler.schedule_once(prompt_job_id(prompt_id), DELIVER_TASK, due, (prompt_id,))

    # --- delivering ----------------------------------------------------------------------

    def deliver_all(self, prompt_ids: Sequence[int]) -> list[Delivery]:
        """Send these rows now, several at a time; the platform client paces rate limits."""
        return [d for chain in self._deliver_chains([[i] for i in prompt_ids]) for d in chain]

    def _deliver_chains(self, chains: list[list[int]]) -> list[list[Delivery]]:
        def run(chain: list[int]) -> list[Delivery]:
            return [self.deliver(prompt_id) for prompt_id in chain]

        if len(chains) <= 1 or self.threads <= 1:
            return [run(chain) for chain in chains]
        # The calling thread takes the first chain instead of waiting idle: one thread fewer
        # to start per commit (a coffee round commits once per group).
        helpers = min(self.threads, len(chains)) - 1
        with ThreadPoolExecutor(helpers, "outbox") as pool:
            rest = pool.map(run, chains[1:])
            first = run(chains[0])
            return [first, *rest]

    def deliver(self, prompt_id: int) -> Delivery:
        """Send one row if it is due, still wanted and allowed now (the job's task)."""
        result = self._deliver(prompt_id)
        for observer in self._observers:
            observer(result)
        return result

    def _deliver(self, prompt_id: int) -> Delivery:
        now = self.clock.now()
        with self.database.write() as session:
            prompts = PromptRepository(session)
            if not prompts.claim(prompt_id, now):
                return Delivery.NOT_READY
            prompt = prompts.get(prompt_id)
            if prompt is None:
                return Delivery.NOT_READY
            decided = prepare(
                session, prompt, now, self.quiet_hours, self._composers.get(prompt.kind)
            )
            if isinstance(decided, NotWanted):
                prompts.finish(prompt_id, PromptStatus.SKIPPED, now, decided.reason)
                return Delivery.SKIPPED
            if isinstance(decided, Wait):
                prompts.release(prompt_id, decided.until)
            else:
                prompts.count_attempt(prompt_id)
            attempts = prompt.attempts
        if isinstance(decided, Wait):
            self._schedule_job(prompt_id, decided.until)
            return Delivery.DEFERRED
        return self._send(_Claimed(prompt, decided), attempts)

    def _send(self, claimed: _Claimed, attempts: int) -> Delivery:
        prompt_id = claimed.prompt.id or 0
        try:
            sent = self._hand_over(claimed.ready)
        except DeliveryFailed as failure:
            return self._failed(claimed.prompt, attempts, failure)
        except Exception:
            _logger.exception("Sending outbox row %s failed unexpectedly", prompt_id)
            return self._failed(
                claimed.prompt, MAX_ATTEMPTS, DeliveryFailed("internal error while sending")
            )
        with self.database.write() as session:
            PromptRepository(session).record_sent(
                prompt_id, self.clock.now(), sent.conversation_id, sent.message_id
            )
        callback = self._after_sent.get(claimed.prompt.kind)
        if callback is not None:
            callback(claimed.prompt, sent)
        return Delivery.SENT

    def _hand_over(self, ready: Ready) -> SentMessage:
        if ready.replaces is not None:
            self.messenger.update(ready.replaces, ready.message, workspace_id=ready.workspace_id)
            return ready.replaces
        if ready.group:
            return self.messenger.send_group(ready.group, ready.message)
        if ready.channel_id is not None:
            return self.messenger.send_channel(
                ready.channel_id, ready.message, workspace_id=ready.workspace_id
            )
        assert ready.to is not None
        sent = self.messenger.send_direct(ready.to, ready.message)
        if ready.files:
            self.messenger.send_files(sent, ready.files, workspace_id=ready.to.workspace_id)
        return sent

    def _failed(self, prompt: Prompt, attempts: int, failure: DeliveryFailed) -> Delivery:
        now = self.clock.now()
        prompt_id, reason = prompt.id or 0, failure.reason
        if failure.transient and attempts < MAX_ATTEMPTS:
            urgency = Urgency(prompt.urgency)
            retry_at = now + retry_delay(attempts, failure.retry_after, urgency)
            with self.database.write() as session:
                PromptRepository(session).release(prompt_id, retry_at, reason)
            _logger.info("Outbox row %s will be retried at %s (%s)", prompt_id, retry_at, reason)
            self._schedule_job(prompt_id, retry_at)
            return Delivery.DEFERRED
        with self.database.write() as session:
            PromptRepository(session).finish(prompt_id, PromptStatus.FAILED, now, reason)
        _logger.warning("Outbox row %s failed: %s", prompt_id, reason)
        return Delivery.FAILED

    def sweep(self) -> int:
        """Re-queue due pending rows whose job went missing; give up on stale claims."""
        now = self.clock.now()
        with self.database.write() as session:
            stale = PromptRepository(session).fail_stale(now - SENDING_LEASE, INTERRUPTED)
        if stale:
            _logger.warning("%s outbox rows were interrupted while sending", stale)
        with self.database.read() as session:
            due = PromptRepository(session).due_pending(now, SWEEP_BATCH)
        for prompt_id, _ in due:
            self._schedule_job(prompt_id, now)
        return len(due)

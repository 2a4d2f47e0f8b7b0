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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.messaging import Messenger
from bot.outbox.addressing import Composer
from bot.outbox.codec import encode_files, encode_reply
from bot.outbox.messages import Outgoing, Recipient, replacement
from bot.outbox.rules import QuietHours, Urgency
from bot.outbox.sending import (
    DELIVERY_THREADS,
    AfterSent,
    Delivery,
    DeliveryObserver,
    Sender,
)
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
INTERRUPTED = "interrupted while sending; it may or may not have arrived"
_COMMITTED = "outbox:committed"


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
        self.sweep_every = sweep_every
        self._sweeper_first_run: datetime | None = None
        self.sender = Sender(database, clock, messenger, quiet_hours, self._schedule_job, threads)

    def compose_with(self, kinds: Iterable[str], composer: Composer) -> None:
        """Rows of these kinds carry no message: ``composer`` writes it when it is sent."""
        for kind in kinds:
            self.sender.composers[kind] = composer

    def when_sent(self, kind: str, callback: AfterSent) -> None:
        """Tell the feature where a message of ``kind`` went (to update it later, say)."""
        self.sender.after_sent[kind] = callback

    def observe(self, observer: DeliveryObserver) -> None:
        """Tell ``observer`` how each delivery attempt ended (for metrics)."""
        self.sender.observers.append(observer)

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
        self.sender.deliver_chains(
            in_reading_order([item for item in queued if item.due_at <= now])
        )
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

    def deliver(self, prompt_id: int) -> Delivery:
        """Send one row if it is due, still wanted and allowed now (the job's task)."""
        return self.sender.deliver_together([prompt_id])[0]

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

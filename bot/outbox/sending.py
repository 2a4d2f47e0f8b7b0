"""Sending outbox rows: claim them, hand them to the platform, record how each attempt ended."""

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from bot.clock import Clock
from bot.messaging import DeliveryFailed, Messenger, SentMessage
from bot.outbox.addressing import Composer, NotWanted, Ready, Wait, prepare
from bot.outbox.rules import QuietHours, Urgency
from storage.db import Database
from storage.models import Prompt
from storage.people import PersonRepository
from storage.prompts import PromptRepository, PromptStatus

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_FIRST = timedelta(minutes=2)
RETRY_LONGEST = timedelta(hours=2)
# A message that cannot wait (a seat in a running round) is tried again within seconds.
URGENT_RETRY_FIRST = timedelta(seconds=5)
URGENT_RETRY_LONGEST = timedelta(minutes=1)
DELIVERY_THREADS = 8

AfterSent = Callable[[Prompt, SentMessage], None]
DeliveryObserver = Callable[["Delivery"], None]
ScheduleJob = Callable[[int, datetime], None]
T = TypeVar("T")
R = TypeVar("R")


class Delivery(StrEnum):
    SENT = "sent"
    DEFERRED = "deferred"
    SKIPPED = "skipped"
    FAILED = "failed"
    NOT_READY = "not_ready"


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


@dataclass(frozen=True)
class _Claimed:
    prompt: Prompt
    ready: Ready

    @property
    def prompt_id(self) -> int:
        return self.prompt.id or 0


class Sender:
    """Sends claimed rows, a few side by side; one claim and one record per batch of rows."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        quiet_hours: QuietHours,
        schedule_job: ScheduleJob,
        threads: int = DELIVERY_THREADS,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.quiet_hours = quiet_hours
        self.schedule_job = schedule_job
        self.threads = threads
        self.composers: dict[str, Composer] = {}
        self.after_sent: dict[str, AfterSent] = {}
        self.observers: list[DeliveryObserver] = []

    def deliver_chains(self, chains: list[list[int]]) -> list[list[Delivery]]:
        """Send each chain's rows in order, chains side by side."""
        if len(chains) <= self.threads and all(len(chain) == 1 for chain in chains):
            # A change that owes a few people one message each (most do): one claim and one
            # record for all of them instead of two transactions per message.
            return [[delivery] for delivery in self.deliver_together([c[0] for c in chains])]

        def run(chain: list[int]) -> list[Delivery]:
            return [self.deliver_together([prompt_id])[0] for prompt_id in chain]

        return self._side_by_side(run, chains)

    def deliver_together(self, prompt_ids: Sequence[int]) -> list[Delivery]:
        """Send these rows if due, still wanted and allowed now; how each attempt ended."""
        decided = self._claim(prompt_ids)
        claimed = [item for item in decided if isinstance(item, _Claimed)]
        handed = self._side_by_side(self._attempt, claimed)
        self._record_sent(
            [
                (item, where)
                for item, where in zip(claimed, handed, strict=True)
                if isinstance(where, SentMessage)
            ]
        )
        ended: dict[int, Delivery] = {}
        for item, where in zip(claimed, handed, strict=True):
            if isinstance(where, SentMessage):
                callback = self.after_sent.get(item.prompt.kind)
                if callback is not None:
                    callback(item.prompt, where)
                ended[item.prompt_id] = Delivery.SENT
            else:
                ended[item.prompt_id] = self._failed(item.prompt, where)
        results = [
            ended[item.prompt_id] if isinstance(item, _Claimed) else item for item in decided
        ]
        for result in results:
            for observer in self.observers:
                observer(result)
        return results

    def _claim(self, prompt_ids: Sequence[int]) -> list[_Claimed | Delivery]:
        now = self.clock.now()
        waits: list[tuple[int, datetime]] = []
        decided: list[_Claimed | Delivery] = []
        with self.database.write() as session:
            prompts = PromptRepository(session)
            claimed = prompts.claim_all(prompt_ids, now)
            # Everyone in one query, held here so that preparing each row finds its person in
            # the session (which keeps only rows something still refers to).
            people = PersonRepository(session).many(
                [p.person_id for p in claimed.values() if p.person_id]
            )
            for prompt_id in prompt_ids:
                prompt = claimed.get(prompt_id)
                if prompt is None:
                    decided.append(Delivery.NOT_READY)
                    continue
                ready = prepare(
                    session, prompt, now, self.quiet_hours, self.composers.get(prompt.kind)
                )
                if isinstance(ready, NotWanted):
                    prompts.finish(prompt_id, PromptStatus.SKIPPED, now, ready.reason)
                    decided.append(Delivery.SKIPPED)
                elif isinstance(ready, Wait):
                    prompts.release(prompt_id, ready.until, uncount=True)
                    waits.append((prompt_id, ready.until))
                    decided.append(Delivery.DEFERRED)
                else:
                    decided.append(_Claimed(prompt, ready))
        del people
        for prompt_id, until in waits:
            self.schedule_job(prompt_id, until)
        return decided

    def _attempt(self, claimed: _Claimed) -> SentMessage | DeliveryFailed:
        try:
            return self._hand_over(claimed.ready)
        except DeliveryFailed as failure:
            return failure
        except Exception:
            _logger.exception("Sending outbox row %s failed unexpectedly", claimed.prompt_id)
            # Our own code failed: trying again would fail the same way.
            return DeliveryFailed("internal error while sending")

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

    def _record_sent(self, sent: list[tuple[_Claimed, SentMessage]]) -> None:
        if not sent:
            return
        now = self.clock.now()
        with self.database.write() as session:
            prompts = PromptRepository(session)
            for claimed, where in sent:
                prompts.record_sent(claimed.prompt_id, now, where.conversation_id, where.message_id)

    def _failed(self, prompt: Prompt, failure: DeliveryFailed) -> Delivery:
        now = self.clock.now()
        prompt_id, reason = prompt.id or 0, failure.reason
        if failure.transient and prompt.attempts < MAX_ATTEMPTS:
            retry_at = now + retry_delay(
                prompt.attempts, failure.retry_after, Urgency(prompt.urgency)
            )
            with self.database.write() as session:
                PromptRepository(session).release(prompt_id, retry_at, reason)
            _logger.info("Outbox row %s will be retried at %s (%s)", prompt_id, retry_at, reason)
            self.schedule_job(prompt_id, retry_at)
            return Delivery.DEFERRED
        with self.database.write() as session:
            PromptRepository(session).finish(prompt_id, PromptStatus.FAILED, now, reason)
        _logger.warning("Outbox row %s failed: %s", prompt_id, reason)
        return Delivery.FAILED

    def _side_by_side(self, work: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if len(items) <= 1 or self.threads <= 1:
            return [work(item) for item in items]
        # The calling thread takes the first item instead of waiting idle: one thread fewer
        # to start per commit.
        helpers = min(self.threads, len(items)) - 1
        with ThreadPoolExecutor(helpers, "outbox") as pool:
            rest = pool.map(work, items[1:])
            first = work(items[0])
            return [first, *rest]

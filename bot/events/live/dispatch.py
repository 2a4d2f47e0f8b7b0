"""The one place event steps send messages and schedule jobs from, after their commit.

Every message is claimed in ``event_announcement`` before it is sent, so a restarted
process or a re-run job sends nothing twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import Clock
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.events import AnnouncementStatus, EventRepository

_logger = logging.getLogger(__name__)

FANOUT_WORKERS = 8
RATE_LIMIT_RETRIES = 3


@dataclass(frozen=True)
class Outgoing:
    """One message; (event, round_number, kind, recipient) is its claim key."""

    round_number: int
    kind: str
    recipient: str
    message: Reply
    person: PersonRef | None = None

    @classmethod
    def direct(cls, round_number: int, kind: str, person: PersonRef, message: Reply) -> Outgoing:
        return cls(round_number, kind, person.user_id, message, person)


@dataclass(frozen=True)
class Job:
    job_id: str
    task: str
    run_at: datetime
    event_id: int
    round_number: int


@dataclass
class Effects:
    """What a step causes once its transaction has committed."""

    schedule: list[Job] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    send: list[Outgoing] = field(default_factory=list)


class EventPost:
    """Sends an event's messages at most once each and keeps its scheduler jobs."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        scheduler: JobScheduler,
        workers: int = FANOUT_WORKERS,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.scheduler = scheduler
        self.workers = workers

    def apply(self, event_id: int, effects: Effects) -> None:
        self.cancel(effects.cancel)
        self.schedule(effects.schedule)
        if effects.send:
            self.send(event_id, effects.send)

    def cancel(self, job_ids: Sequence[str]) -> None:
        for stale in job_ids:
            self.scheduler.cancel(stale)

    def schedule(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            self.scheduler.schedule_once(
                job.job_id, job.task, job.run_at, (job.event_id, job.round_number)
            )

    def send(self, event_id: int, outgoing: Sequence[Outgoing]) -> None:
        """Send each message at most once, several at a time; the client paces 429s."""
        if len(outgoing) == 1:
            self._deliver(event_id, outgoing[0])
            return
        with ThreadPoolExecutor(self.workers, thread_name_prefix="event-fanout") as pool:
            for future in [pool.submit(self._deliver, event_id, item) for item in outgoing]:
                future.result()

    def _deliver(self, event_id: int, item: Outgoing) -> None:
        if not self._claim(event_id, item):
            return
        error = self._send_with_retries(item)
        with EventRepository.writing(self.database) as store:
            row = store.announcement(event_id, item.round_number, item.kind, item.recipient)
            row.status = AnnouncementStatus.FAILED if error else AnnouncementStatus.SENT
            row.error = error[:200] if error else None
            row.sent_at = None if error else self.clock.now()
        if error:
            _logger.warning("Event %s %s message not delivered: %s", event_id, item.kind, error)

    def _send_with_retries(self, item: Outgoing) -> str | None:
        """None once sent, else why it could not be."""
        error: str | None = None
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            try:
                if item.person is not None:
                    self.messenger.send_direct(item.person, item.message)
                else:
                    self.messenger.send_channel(item.recipient, item.message)
                return None
            except DeliveryFailed as failure:
                error = failure.reason
                if failure.reason != "ratelimited" or attempt == RATE_LIMIT_RETRIES:
                    break
                time.sleep(2**attempt)
        return error

    def _claim(self, event_id: int, item: Outgoing) -> bool:
        with EventRepository.writing(self.database) as store:
            return store.claim_announcement(
                event_id, item.round_number, item.kind, item.recipient, self.clock.now()
            )

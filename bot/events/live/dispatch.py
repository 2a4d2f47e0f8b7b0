"""The one place event steps post messages and book scheduler jobs from, in their transaction.

Every message is an outbox row written with the change that caused it, keyed by
(event, round, step, recipient), so a re-run job or a restarted process sends nothing twice.
Jobs are booked once the transaction has committed (on SQLite the job store shares the file).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.identity import PersonRef
from bot.outbox import Outbox, Urgency, channel_post, direct
from bot.outbox import Outgoing as OutboxMessage
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import after_commit
from storage.events import EventRepository
from storage.models import SpeedEvent

SUBJECT = "event"


class EventKind(StrEnum):
    """What an event message is, as the outbox and organizers see it."""

    SEAT = "event.seat"
    CHANGE = "event.change"
    FEEDBACK = "event.feedback"
    POST = "event.post"

    @property
    def urgency(self) -> Urgency:
        # Only the follow-up after the event may wait for the reader's morning.
        return Urgency.QUIET_HOURS if self is EventKind.FEEDBACK else Urgency.NOW


@dataclass(frozen=True)
class Outgoing:
    """One message; (event, round_number, step, recipient) is its dedupe key."""

    round_number: int
    step: str
    recipient: str
    message: Reply
    person: PersonRef | None = None
    kind: EventKind = EventKind.POST

    @classmethod
    def direct(
        cls, round_number: int, kind: EventKind, person: PersonRef, message: Reply
    ) -> Outgoing:
        return cls(round_number, kind.name.lower(), person.user_id, message, person, kind)

    @classmethod
    def channel(cls, round_number: int, step: str, channel_id: str, message: Reply) -> Outgoing:
        return cls(round_number, step, channel_id, message)

    def for_outbox(self, event_id: int, workspace_id: str | None) -> OutboxMessage:
        key = f"{SUBJECT}:{event_id}:{self.round_number}:{self.step}:{self.recipient}"
        if self.person is None:
            return channel_post(
                self.kind, self.recipient, self.message, workspace_id=workspace_id, dedupe_key=key
            )
        return direct(
            self.kind,
            self.person,
            self.message,
            self.kind.urgency,
            dedupe_key=key,
            subject=(SUBJECT, event_id),
        )


@dataclass(frozen=True)
class Job:
    job_id: str
    task: str
    run_at: datetime
    event_id: int
    round_number: int


@dataclass
class Effects:
    """What a step causes: messages posted with its change, jobs changed after its commit."""

    schedule: list[Job] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    send: list[Outgoing] = field(default_factory=list)


class EventPost:
    """Posts an event's messages to the outbox and keeps its scheduler jobs."""

    def __init__(self, outbox: Outbox, scheduler: JobScheduler) -> None:
        self.outbox = outbox
        self.scheduler = scheduler

    def apply(self, store: EventRepository, event_id: int, effects: Effects) -> None:
        """Inside the step's transaction: its messages go out, and its jobs change, on commit."""
        if effects.cancel or effects.schedule:
            after_commit(store.session, lambda: self._book(effects.cancel, effects.schedule))
        if not effects.send:
            return
        event = store.session.get(SpeedEvent, event_id)
        workspace_id = event.workspace_id if event is not None else None
        self.outbox.post_all(
            store.session, (item.for_outbox(event_id, workspace_id) for item in effects.send)
        )

    def _book(self, cancel: Sequence[str], schedule: Sequence[Job]) -> None:
        for stale in cancel:
            self.scheduler.cancel(stale)
        for job in schedule:
            self.scheduler.schedule_once(
                job.job_id, job.task, job.run_at, (job.event_id, job.round_number)
            )

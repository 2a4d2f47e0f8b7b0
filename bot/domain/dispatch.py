"""Domain events are written with the change and handled once it has committed.

:func:`record` adds the event's row in the caller's transaction and asks for it to be
dispatched right after the commit (a rollback drops both). Dispatching claims the row with
one conditional UPDATE, so however many times it is asked for, one dispatcher runs it; each
handler then runs in its own transactions (a failing one stops none of the others), and the
row remembers which handlers are done, so a retry runs only those that failed. A failure
puts the row back to pending (failed for good after ``MAX_ATTEMPTS``); the sweeper job
re-dispatches what is left over, and frees claims whose dispatcher died. Handlers must be
idempotent: a process dying between a handler finishing and the row noting it runs that
handler again on the next sweep.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.domain.events import EVENT_TYPES, DomainEvent
from bot.scheduling import JobScheduler, registered_task
from storage.db import Database, Session, after_commit
from storage.domain_events import DomainEventRepository

_logger = logging.getLogger(__name__)

DISPATCH_TASK = "domain-events.dispatch"
SWEEP_TASK = "domain-events.sweep"
SWEEP_JOB = "domain-events:sweep"
SWEEP_EVERY = timedelta(minutes=15)
LEFT_OVER_AFTER = timedelta(minutes=5)
CLAIM_LEASE = timedelta(minutes=30)
SWEEP_BATCH = 500
MAX_ATTEMPTS = 8

Handler = Callable[[Any], None]


def handler_name(handler: Handler) -> str:
    return f"{handler.__module__}.{handler.__qualname__}"


class Handlers:
    """Which handlers follow which event, fixed when the services are built."""

    def __init__(self, table: Mapping[type[DomainEvent], Sequence[Handler]]) -> None:
        self._table = {kind: tuple(handlers) for kind, handlers in table.items()}
        for kind, handlers in self._table.items():
            names = [handler_name(handler) for handler in handlers]
            if len(set(names)) != len(names):
                raise ValueError(f"{kind.name} lists one handler twice")

    def for_event(self, event: DomainEvent) -> tuple[Handler, ...]:
        return self._table.get(type(event), ())


def record(session: Session, event: DomainEvent, occurred_at: datetime) -> int:
    """Write ``event`` in the caller's transaction; it is dispatched once that commits."""
    event_id = DomainEventRepository(session).add(event.name, event.to_payload(), occurred_at)
    after_commit(session, lambda: _dispatch_committed(event_id))
    return event_id


def _dispatch_committed(event_id: int) -> None:
    try:
        dispatch = registered_task(DISPATCH_TASK)
    except LookupError:
        _logger.warning("No dispatcher for domain event %s yet; the sweeper will run it", event_id)
        return
    dispatch(event_id)


class DomainEvents:
    """Runs the handlers of recorded events, and sweeps up the ones left over."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        scheduler: JobScheduler,
        handlers: Handlers,
        sweep_every: timedelta = SWEEP_EVERY,
    ) -> None:
        self.database = database
        self.clock = clock
        self.scheduler = scheduler
        self.handlers = handlers
        self.sweep_every = sweep_every

    def tasks(self) -> dict[str, Callable[..., object]]:
        return {DISPATCH_TASK: self.dispatch, SWEEP_TASK: self.sweep}

    def ensure_sweeper(self) -> None:
        # On a fixed grid, so booking it again at every start never postpones it.
        period = self.sweep_every.total_seconds()
        now = self.clock.now()
        first = now + timedelta(seconds=period - now.timestamp() % period)
        self.scheduler.schedule_interval(SWEEP_JOB, SWEEP_TASK, self.sweep_every, (), first)

    def dispatch(self, event_id: int) -> bool:
        """Run the event's remaining handlers; false when it was not pending (taken or done)."""
        with self.database.write() as session:
            events = DomainEventRepository(session)
            if not events.claim(event_id, self.clock.now()):
                return False
            row = events.get(event_id)
            assert row is not None
            event = EVENT_TYPES[row.name].from_payload(row.payload)
            done, attempts = list(row.handled_by), row.attempts
        failures: list[str] = []
        for handler in self.handlers.for_event(event):
            name = handler_name(handler)
            if name in done:
                continue
            try:
                handler(event)
            except Exception as error:
                # The other handlers still run: one feature's failure holds up no other.
                _logger.exception("Handler %s failed on domain event %s", name, event_id)
                failures.append(f"{name}: {error}")
                continue
            done.append(name)
            with self.database.write() as session:
                DomainEventRepository(session).mark_handler_done(event_id, done)
        if failures:
            self._failed(event_id, "; ".join(failures), attempts)
        else:
            with self.database.write() as session:
                DomainEventRepository(session).mark_handled(event_id, self.clock.now())
        return True

    def _failed(self, event_id: int, error: str, attempts: int) -> None:
        retry = attempts < MAX_ATTEMPTS
        with self.database.write() as session:
            DomainEventRepository(session).mark_failed(event_id, error, retry)
        if not retry:
            _logger.warning("Domain event %s failed for good after %s attempts", event_id, attempts)

    def sweep(self) -> int:
        """Re-dispatch events still pending a while after they happened."""
        now = self.clock.now()
        with self.database.write() as session:
            events = DomainEventRepository(session)
            events.release_stale(now - CLAIM_LEASE)
            left_over = events.pending_older_than(now - LEFT_OVER_AFTER, SWEEP_BATCH)
        return sum(self.dispatch(event_id) for event_id in left_over)

from datetime import timedelta

from bot.clock import Clock
from storage.db import Database
from storage.deliveries import forget_events_before, record_event

# Slack's last retry comes five minutes after the first delivery; a day is ample.
KEEP_EVENT_IDS = timedelta(days=1)


class Deliveries:
    """Tells a platform event's first delivery from its retries."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._last_pruned = clock.now()

    def first_delivery(self, event_id: str) -> bool:
        now = self.clock.now()
        with self.database.write() as session:
            first = record_event(session, event_id, now)
            if now - self._last_pruned > timedelta(hours=1):
                forget_events_before(session, now - KEEP_EVENT_IDS)
                self._last_pruned = now
        return first

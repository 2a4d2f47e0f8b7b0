import logging
from datetime import timedelta

from bot.clock import Clock
from storage.db import Database, DatabaseError
from storage.deliveries import forget_events_before, record_event

logger = logging.getLogger(__name__)

# Slack's last retry comes five minutes after the first delivery; a day is ample.
KEEP_EVENT_IDS = timedelta(days=1)


class Deliveries:
    """Tells a platform event's first delivery from its retries."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock
        self._last_pruned = clock.now()

    def first_delivery(self, event_id: str) -> bool:
        """False when ``event_id`` was recorded before, by this process or another.

        An id the database cannot record (locked past its timeout, say) counts as new: the
        event has been acked, so Slack will not send it again, and handling it twice, should
        another replica have it too, beats not handling it at all.
        """
        now = self.clock.now()
        try:
            with self.database.write() as session:
                first = record_event(session, event_id, now)
                if now - self._last_pruned > timedelta(hours=1):
                    forget_events_before(session, now - KEEP_EVENT_IDS)
                    self._last_pruned = now
        except DatabaseError as error:
            logger.warning("could not record event %s: %s", event_id, type(error).__name__)
            return True
        return first

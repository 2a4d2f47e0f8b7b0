"""When a message may go: at once, or once the recipient's quiet hours are over."""

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from bot.scheduling import next_allowed_send


class Urgency(StrEnum):
    # Answers the recipient's own click or command, or cannot wait (a seat during an event).
    NOW = "now"
    # Everything else (nudges, reminders, heads-ups, thanks) waits for the recipient's morning.
    QUIET_HOURS = "quiet_hours"


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

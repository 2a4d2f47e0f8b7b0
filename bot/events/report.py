"""Speed-mentoring events in the program report."""

from datetime import datetime

from storage.db import Database
from storage.events import EventRepository, EventStatus

MIN_RATERS = 3


class EventsSection:
    title = "Speed-mentoring events"

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        with EventRepository.reading(database) as events:
            held = events.held_between(
                since,
                until,
                (EventStatus.RUNNING, EventStatus.PAUSED, EventStatus.ENDED),
                workspace_id,
            )
        if not held.event_ids:
            return []
        rated = [f.usefulness for f in held.feedback if f.usefulness is not None]
        usefulness = (
            f"{sum(rated) / len(rated):.1f} of 5 ({len(rated)} answers)"
            if len(rated) >= MIN_RATERS
            else f"shown from {MIN_RATERS} answers"
        )
        return [
            ("Events held", str(len(held.event_ids))),
            ("Mentees registered", str(len(held.mentees))),
            ("Experts", str(len(held.experts))),
            ("Usefulness", usefulness),
            ("Follow-up chats requested", str(len(held.follow_ups))),
        ]

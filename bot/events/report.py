"""Speed-mentoring events in the program report."""

from datetime import datetime

from sqlmodel import col, select

from storage.db import Database
from storage.models import EventExpert, EventFollowUp, EventMentee, Feedback, SpeedEvent

MIN_RATERS = 3


class EventsSection:
    title = "Speed-mentoring events"

    def figures(
        self, database: Database, since: datetime, until: datetime
    ) -> list[tuple[str, str]]:
        with database.read() as session:
            events = session.exec(
                select(SpeedEvent).where(
                    col(SpeedEvent.starts_at) >= since,
                    col(SpeedEvent.starts_at) < until,
                    col(SpeedEvent.status).in_(("running", "paused", "ended")),
                )
            ).all()
            ids = [e.id for e in events if e.id is not None]
            if not ids:
                return []
            mentees = session.exec(
                select(EventMentee).where(col(EventMentee.event_id).in_(ids))
            ).all()
            experts = session.exec(
                select(EventExpert).where(col(EventExpert.event_id).in_(ids))
            ).all()
            feedback = session.exec(
                select(Feedback).where(
                    Feedback.subject_type == "event", col(Feedback.subject_id).in_(ids)
                )
            ).all()
            follow_ups = session.exec(
                select(EventFollowUp).where(col(EventFollowUp.event_id).in_(ids))
            ).all()
        rated = [f.usefulness for f in feedback if f.usefulness is not None]
        usefulness = (
            f"{sum(rated) / len(rated):.1f} of 5 ({len(rated)} answers)"
            if len(rated) >= MIN_RATERS
            else f"shown from {MIN_RATERS} answers"
        )
        return [
            ("Events held", str(len(ids))),
            ("Mentees registered", str(len(mentees))),
            ("Experts", str(len(experts))),
            ("Usefulness", usefulness),
            ("Follow-up chats requested", str(len(follow_ups))),
        ]

"""Free-text answers older than the retention period are blanked; the figures stay.

Blanked: feedback comments; the goal text of finished goals; the goal text of closed
mentoring requests; the reasons mentors gave when declining or passing on. Profiles' "in your
own words" stays, since people keep it current themselves.
"""

from datetime import datetime

from sqlalchemy import Update, func, update
from sqlmodel import Session, col

from bot.privacy.forget import REMOVED
from bot.reports.periods import add_months
from storage.db import Database
from storage.models import Feedback, Goal, MentoringRequest, RequestStep


def blank_old_free_text(database: Database, now: datetime, months: int) -> int:
    """Blank free text older than `months` (0 keeps everything); returns fields blanked."""
    if months <= 0:
        return 0
    cutoff = add_months(now, -months)
    with database.write() as session:
        return sum(
            _rowcount(session, statement)
            for statement in (
                update(Feedback)
                .where(col(Feedback.created_at) < cutoff, col(Feedback.comment).is_not(None))
                .values(comment=None),
                update(Goal)
                .where(
                    col(Goal.status) != "open",
                    func.coalesce(col(Goal.completed_at), col(Goal.created_at)) < cutoff,
                    col(Goal.text) != REMOVED,
                )
                .values(text=REMOVED),
                update(MentoringRequest)
                .where(
                    col(MentoringRequest.closed_at) < cutoff,
                    col(MentoringRequest.goal) != REMOVED,
                )
                .values(goal=REMOVED),
                update(RequestStep)
                .where(col(RequestStep.at) < cutoff, col(RequestStep.reason).is_not(None))
                .values(reason=None),
            )
        )


def _rowcount(session: Session, statement: Update) -> int:
    return int(session.connection().execute(statement).rowcount or 0)

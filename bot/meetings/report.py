"""Finding a time, in the program report: how many introductions booked one, and how soon."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.meetings.model import MeetingStatus
from storage.db import Database
from storage.meetings import MeetingRepository
from storage.models import Meeting

DAY_SECONDS = 86_400


@dataclass(frozen=True)
class BookingFigures:
    introductions: int
    booked: int
    median_days_to_meeting: float | None


def booking_figures(meetings: Sequence[Meeting]) -> BookingFigures:
    """Booked means a time is standing now (a cancelled chat no longer counts)."""
    days = [
        (meeting.starts_at - meeting.introduced_at).total_seconds() / DAY_SECONDS
        for meeting in meetings
        if meeting.starts_at is not None and meeting.status == MeetingStatus.BOOKED
    ]
    median = round(statistics.median(days), 1) if days else None
    return BookingFigures(len(meetings), len(days), median)


def figures_between(
    database: Database, since: datetime, until: datetime, workspace_id: str | None = None
) -> BookingFigures:
    with MeetingRepository.reading(database) as repo:
        return booking_figures(repo.introduced_between(since, until, workspace_id))


class MeetingsSection:
    title = "Times booked"

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        found = figures_between(database, since, until, workspace_id)
        if not found.introductions:
            return []
        median = found.median_days_to_meeting
        return [
            ("Introductions that booked a time", f"{found.booked} of {found.introductions}"),
            (
                "Median days from introduction to meeting",
                "none booked yet" if median is None else f"{median:g}",
            ),
        ]

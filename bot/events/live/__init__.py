"""A speed-mentoring event run live: sign-up, publishing, timed rounds, repairs on the day.

State changes happen in one transaction each; the messages they cause are outbox rows
written in it (`EventPost`), and the scheduler jobs they change are booked once it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.clock import Clock
from bot.events.live import afterwards, preparing, repairs, running
from bot.events.live.afterwards import EventExport
from bot.events.live.context import (
    EventContext,
    EventProblem,
)
from bot.events.live.dispatch import EventKind, EventPost
from bot.events.live.preparing import EventSettings, ExpertEntry
from bot.events.live.rows import EventSummary
from bot.events.live.survey import SURVEY_ACTION, SURVEY_TASK
from bot.events.live.timing import END_TASK, START_TASK, WARN_TASK, job_id
from bot.identity import PersonRef
from bot.outbox import Outbox
from bot.replies import Reply
from bot.scheduling import JobScheduler
from storage.db import Database

__all__ = [
    "END_TASK",
    "START_TASK",
    "SURVEY_ACTION",
    "SURVEY_TASK",
    "WARN_TASK",
    "EventExport",
    "EventKind",
    "EventPost",
    "EventProblem",
    "EventSettings",
    "EventSummary",
    "ExpertEntry",
    "SpeedMentoring",
    "job_id",
]


class SpeedMentoring:
    """Runs speed-mentoring events; every public method is one user action or one timed step."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        outbox: Outbox,
        scheduler: JobScheduler,
        search_seconds: float = 1.0,
    ) -> None:
        post = EventPost(outbox, scheduler)
        self.context = EventContext(database, clock, post, search_seconds)

    def tasks(self) -> dict[str, Callable[..., object]]:
        """The scheduled steps, to register by name."""
        return {
            START_TASK: self.round_start,
            WARN_TASK: self.round_warn,
            END_TASK: self.round_end,
            SURVEY_TASK: self.send_survey,
        }

    # --- setting up ----------------------------------------------------------------------

    def create(self, organizer: PersonRef, settings: EventSettings) -> EventSummary:
        return preparing.create(self.context, organizer, settings)

    def find(self, workspace_id: str, channel_id: str, event_id: int | None = None) -> EventSummary:
        """The event asked for, else the newest unfinished one in this channel, else anywhere."""
        return preparing.find(self.context, workspace_id, channel_id, event_id)

    def summary(self, event_id: int) -> EventSummary:
        return preparing.summary(self.context, event_id)

    def list_events(self, workspace_id: str) -> Reply:
        return preparing.list_events(self.context, workspace_id)

    def add_expert(self, event_id: int, entry: ExpertEntry) -> EventSummary:
        return preparing.add_expert(self.context, event_id, entry)

    def import_experts(self, event_id: int, csv_text: str, workspace_id: str) -> EventSummary:
        return preparing.import_experts(self.context, event_id, csv_text, workspace_id)

    def import_mentees(self, event_id: int, csv_text: str, workspace_id: str) -> EventSummary:
        return preparing.import_mentees(self.context, event_id, csv_text, workspace_id)

    def open_signup(self, event_id: int) -> Reply:
        return preparing.open_signup(self.context, event_id)

    def close_signup(self, event_id: int) -> Reply:
        return preparing.close_signup(self.context, event_id)

    def join_topics(self, event_id: int) -> tuple[str, tuple[str, ...]]:
        """The event's name and topics, for the Join form; refuses when joining is shut."""
        return preparing.join_topics(self.context, event_id)

    def join(
        self, event_id: int, person: PersonRef, name: str, ranked_topics: Sequence[str]
    ) -> Reply:
        """A mentee signs up (or, once the plan is out, joins late) with topics best first."""
        return preparing.join(self.context, event_id, person, name, ranked_topics)

    def preview(self, event_id: int) -> Reply:
        return preparing.preview(self.context, event_id)

    def publish(self, event_id: int) -> Reply:
        return preparing.publish(self.context, event_id)

    # --- running the clock ---------------------------------------------------------------

    def start_now(self, event_id: int) -> Reply:
        return running.start_now(self.context, event_id)

    def pause(self, event_id: int) -> Reply:
        return running.pause(self.context, event_id)

    def resume(self, event_id: int) -> Reply:
        return running.resume(self.context, event_id)

    def extend(self, event_id: int, minutes: int) -> Reply:
        return running.extend(self.context, event_id, minutes)

    def skip(self, event_id: int) -> Reply:
        """Drop the next round that has not started; the one after takes its slot."""
        return running.skip(self.context, event_id)

    def end(self, event_id: int) -> Reply:
        return running.end(self.context, event_id)

    def control(self, event_id: int) -> Reply:
        return running.control(self.context, event_id)

    def round_start(self, event_id: int, round_number: int) -> None:
        running.round_start(self.context, event_id, round_number)

    def round_warn(self, event_id: int, round_number: int) -> None:
        running.round_warn(self.context, event_id, round_number)

    def round_end(self, event_id: int, round_number: int) -> None:
        running.round_end(self.context, event_id, round_number)

    # --- repairs on the day --------------------------------------------------------------

    def mark_absent(self, event_id: int, person: PersonRef) -> Reply:
        """An expert or mentee is gone from the next round on; only moved people are told."""
        return repairs.mark_absent(self.context, event_id, person)

    def add_late(
        self, event_id: int, person: PersonRef, name: str, ranked_topics: Sequence[str] = ()
    ) -> Reply:
        return repairs.add_late(self.context, event_id, person, name, ranked_topics)

    # --- afterwards ----------------------------------------------------------------------

    def feedback(
        self,
        event_id: int,
        person: PersonRef,
        usefulness: int,
        would_come_again: bool | None,
        comment: str,
    ) -> Reply:
        return afterwards.feedback(
            self.context, event_id, person, usefulness, would_come_again, comment
        )

    def request_follow_up(
        self, event_id: int, person: PersonRef, expert_row_id: int, note_text: str = ""
    ) -> Reply:
        return afterwards.request_follow_up(
            self.context, event_id, person, expert_row_id, note_text
        )

    def send_survey(self, event_id: int, round_number: int = 0) -> None:
        """Two weeks after a conference-mode event, its two follow-up questions go out."""
        afterwards.send_survey(self.context, event_id, round_number)

    def answer_survey(self, event_id: int, person: PersonRef, question: str, answer: str) -> Reply:
        return afterwards.answer_survey(self.context, event_id, person, question, answer)

    def report(self, event_id: int) -> Reply:
        return afterwards.report(self.context, event_id)

    def export(self, event_id: int) -> EventExport:
        return afterwards.export(self.context, event_id)

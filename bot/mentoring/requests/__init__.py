"""A mentee's request, from suggestions to an introduction, one mentor at a time.

Every step is one transaction; messages go out after it commits. A request waiting on a
mentor always has a reminder and a pass-on scheduled, so none can stall unseen.
"""

from collections.abc import Callable, Sequence
from datetime import date

from bot.clock import Clock
from bot.domain import FollowUpWished
from bot.identity import PersonRef
from bot.matching.scoring import Scorer
from bot.mentoring.model import EndReason, Format, NoticeKind, Outcome, RequestInput
from bot.mentoring.requests import commands, offers, relationships, timers
from bot.mentoring.requests.commands import Started, validate_request
from bot.mentoring.requests.context import (
    DEFAULT_TIMING,
    RequestContext,
    Timing,
)
from bot.mentoring.requests.timers import PASS_ON_TASK, REMIND_TASK
from bot.messaging import Messenger, SentMessage
from bot.outbox import Outbox
from bot.people import People
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.models import Prompt as OutboxRow
from storage.requests import RequestStore

__all__ = [
    "PASS_ON_TASK",
    "REMIND_TASK",
    "MentorRequests",
    "Started",
    "Timing",
    "validate_request",
]


class MentorRequests:
    """The entry points handlers, the scheduler and other features call."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        people: People,
        messenger: Messenger,
        outbox: Outbox,
        scheduler: JobScheduler,
        scorer: Scorer,
        timing: Timing = DEFAULT_TIMING,
    ) -> None:
        self.context = RequestContext(
            database, clock, people, messenger, outbox, scheduler, scorer, timing
        )
        outbox.when_sent(NoticeKind.INTRODUCTION, self._keep_introduction_conversation)

    @property
    def tasks(self) -> dict[str, Callable[..., object]]:
        return {REMIND_TASK: self.remind, PASS_ON_TASK: self.pass_on}

    def start(self, mentee: PersonRef, request: RequestInput) -> Started:
        """Record a request and show the best-fitting mentors; raises RequestProblems."""
        return commands.start(self.context, mentee, request)

    def warm_up(self) -> None:
        """Rank once against every workspace's mentors, so the first request is not slower."""
        commands.warm_ranking(self.context)

    def choose(self, request_id: int, mentee: PersonRef, mentor_id: int | None) -> Outcome:
        """Send the request to the chosen mentor, or down the ranked list ("best match")."""
        return commands.choose(self.context, request_id, mentee, mentor_id)

    def ask_organizers(self, request_id: int, mentee: PersonRef) -> Outcome:
        """The mentee asks the program organizers to find someone instead."""
        return commands.ask_organizers(self.context, request_id, mentee)

    def request_chat(self, mentee_person_id: int, mentor_person_id: int, note: str) -> None:
        """A one-off chat with a mentor the mentee already chose (after an event, say)."""
        commands.request_chat(self.context, mentee_person_id, mentor_person_id, note)

    def follow_up_wished(self, event: FollowUpWished) -> None:
        """Domain event handler: a wish from a speed-mentoring event becomes a request."""
        self.request_chat(event.mentee_person_id, event.expert_person_id, event.note)

    def cancel(self, request_id: int, mentee: PersonRef) -> Outcome:
        return commands.cancel(self.context, request_id, mentee)

    def accept(self, request_id: int, offer_id: int, mentor: PersonRef) -> Outcome:
        return offers.accept(self.context, request_id, offer_id, mentor)

    def offer_refusal(self, request_id: int, offer_id: int, mentor: PersonRef) -> Outcome | None:
        """Why `mentor` may not answer this offer (another mentor's, or no longer open)."""
        return offers.offer_refusal(self.context, request_id, offer_id, mentor)

    def decline(
        self,
        request_id: int,
        offer_id: int,
        mentor: PersonRef,
        reason: str | None,
        unavailable_until: date | None,
    ) -> Outcome:
        return offers.decline(self.context, request_id, offer_id, mentor, reason, unavailable_until)

    def suggest_colleague(
        self, request_id: int, offer_id: int, mentor: PersonRef, colleague: PersonRef
    ) -> Outcome:
        return offers.suggest_colleague(self.context, request_id, offer_id, mentor, colleague)

    def remind(self, request_id: int, offer_id: int) -> None:
        timers.remind(self.context, request_id, offer_id)

    def pass_on(self, request_id: int, offer_id: int) -> None:
        timers.pass_on(self.context, request_id, offer_id)

    def active_relationships(self, ref: PersonRef) -> list[tuple[int, str, str]]:
        """(relationship id, the other person's name, the goal) for open relationships."""
        return relationships.active_relationships(self.context, ref)

    def introduce(
        self,
        relationship_id: int,
        mentor: PersonRef,
        mentee: PersonRef,
        goal: str,
        format: Format,
        topics: Sequence[str],
    ) -> None:
        """Open the group conversation for a new pair and remember where it is."""
        with self.context.database.write() as session:
            relationships.introduce(
                self.context,
                RequestStore(session),
                relationships.Pair(relationship_id, mentor, mentee),
                goal,
                format,
                topics,
            )

    def _keep_introduction_conversation(self, sent: OutboxRow, where: SentMessage) -> None:
        relationships.keep_conversation(self.context, sent.subject_id, where.conversation_id)

    def end(self, relationship_id: int, ref: PersonRef, reason: EndReason) -> Outcome:
        return relationships.end(self.context, relationship_id, ref, reason)

    def reflect(self, relationship_id: int, ref: PersonRef, text: str) -> Outcome:
        """Keep a closing reflection; confidential, stored without being shown to anyone."""
        return relationships.reflect(self.context, relationship_id, ref, text)

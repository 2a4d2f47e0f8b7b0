"""Finding a time to meet, for every introduction: the service the adapters and events call."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain import CoffeeGroupIntroduced, Introduced
from bot.identity import PersonRef
from bot.meetings import booking, proposing
from bot.meetings.calendars import fetch_feed
from bot.meetings.context import (
    MeetingsContext,
    availability_of,
    encode_windows,
)
from bot.meetings.feeds import FeedReader, Fetch
from bot.meetings.model import ALLOWED_MINUTES, Availability
from bot.meetings.report import BookingFigures, figures_between
from bot.meetings.windows import WindowProblem, parse_windows
from bot.replies import Reply
from storage.meetings import MeetingRepository
from storage.people import PersonRepository

RELATIONSHIP = "relationship"
COFFEE_GROUP = "coffee_group"
MAX_FEEDS = 5


class AvailabilityProblems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class AvailabilityForm:
    windows: str
    minutes: int
    video_link: str
    feeds: tuple[str, ...]


class Meetings:
    """Proposes times with each introduction, books the one picked, and keeps invites current."""

    def __init__(self, context: MeetingsContext, fetch: Fetch = fetch_feed) -> None:
        self.context = context
        self.feeds = FeedReader(context, fetch)

    def tasks(self) -> dict[str, Callable[..., object]]:
        return self.feeds.tasks()

    def ensure_scheduled(self) -> None:
        self.feeds.ensure_scheduled()

    # --- domain event handlers -----------------------------------------------------------

    def introduced(self, event: Introduced) -> None:
        """A mentor and mentee were paired: the mentee picks among times that suit both."""
        with self.context.database.write() as session:
            relationship = MeetingRepository(session).relationship(event.relationship_id)
            if relationship is None or relationship.ended_at is not None:
                return
            proposing.start_in(
                self.context,
                session,
                (RELATIONSHIP, event.relationship_id),
                [relationship.mentor_id, relationship.mentee_id],
                organizer_id=relationship.mentor_id,
                decider_id=relationship.mentee_id,
                introduced_at=relationship.started_at,
            )

    def coffee_group_introduced(self, event: CoffeeGroupIntroduced) -> None:
        """A coffee group met in a conversation: the time everyone picks is booked."""
        with self.context.database.write() as session:
            group = MeetingRepository(session).coffee_group(event.group_id)
            introduced_at = (group.introduced_at if group else None) or self.context.clock.now()
            proposing.start_in(
                self.context,
                session,
                (COFFEE_GROUP, event.group_id),
                event.person_ids,
                organizer_id=(group.mentor_id if group else None) or event.person_ids[0],
                decider_id=None,
                introduced_at=introduced_at,
            )

    # --- availability in the profile -----------------------------------------------------

    def availability(self, ref: PersonRef) -> Availability:
        with MeetingRepository.reading(self.context.database) as repo:
            person = PersonRepository(repo.session).find(ref)
            if person is None or person.id is None:
                return Availability()
            return availability_of(repo.availability(person.id), repo.feeds([person.id]))

    def availability_problems(self, form: AvailabilityForm) -> dict[str, str]:
        """What is wrong with the form, by field; empty when it can be saved."""
        problems: dict[str, str] = {}
        try:
            parse_windows(form.windows)
        except WindowProblem as problem:
            problems["meeting_windows"] = str(problem)
        if form.minutes not in ALLOWED_MINUTES:
            problems["meeting_minutes"] = "Choose 15, 20, 30, 45 or 60 minutes."
        link = form.video_link.strip()
        if link and not link.startswith("https://"):
            problems["video_link"] = "A video link starts with https://"
        feeds = tuple(url.strip() for url in form.feeds if url.strip())
        if len(feeds) > MAX_FEEDS:
            problems["calendar_feeds"] = f"At most {MAX_FEEDS} calendar feeds."
        if any(not url.startswith(("https://", "http://", "webcal://")) for url in feeds):
            problems["calendar_feeds"] = "Calendar feeds start with https:// or webcal://"
        return problems

    def save_availability(self, ref: PersonRef, form: AvailabilityForm) -> Availability:
        """Keep the availability part of the profile; new feeds are read in a job right after."""
        problems = self.availability_problems(form)
        if problems:
            raise AvailabilityProblems(problems)
        windows = parse_windows(form.windows)
        link = form.video_link.strip()
        feeds = tuple(url.strip() for url in form.feeds if url.strip())
        with MeetingRepository.writing(self.context.database) as repo:
            person = PersonRepository(repo.session).get_or_create(ref)
            assert person.id is not None
            repo.save_availability(person.id, encode_windows(windows), form.minutes, link)
            repo.replace_feeds(person.id, feeds)
            saved = availability_of(repo.availability(person.id), repo.feeds([person.id]))
            person_id = person.id
        if feeds:
            self.feeds.soon_for(person_id)
        return saved

    # --- clicks --------------------------------------------------------------------------

    def pick(self, presser: PersonRef, value: str) -> Reply:
        return booking.pick(self.context, presser, value)

    def none_of_these(self, presser: PersonRef, value: str) -> Reply:
        return booking.none_of_these(self.context, presser, value)

    def propose(self, presser: PersonRef, meeting_id: int, start: datetime) -> Reply:
        return booking.propose(self.context, presser, meeting_id, start)

    def reschedule(self, presser: PersonRef, meeting_id: int) -> Reply:
        return booking.reschedule(self.context, presser, meeting_id)

    def cancel(self, presser: PersonRef, meeting_id: int) -> Reply:
        return booking.cancel(self.context, presser, meeting_id)

    # --- the report ----------------------------------------------------------------------

    def figures(self, since: datetime, until: datetime) -> BookingFigures:
        return figures_between(self.context.database, since, until)

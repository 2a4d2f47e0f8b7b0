"""Reading calendar feeds in the background: fetched with a timeout, cached with the outcome.

Fetches run in scheduled jobs, never while a click waits for its answer. A feed that fails
keeps what it said last time, and its error shows on the profile; booking never waits on it.
"""

import logging
from collections.abc import Callable
from datetime import timedelta

from bot.meetings.calendars import FeedProblem, busy_times, fetch_feed
from bot.meetings.context import (
    CACHE_AHEAD,
    CACHE_BEHIND,
    MeetingsContext,
    encode_busy,
    now_utc,
    zone_of,
)
from storage.meetings import MeetingRepository

_logger = logging.getLogger(__name__)

REFRESH_TASK = "meetings.refresh-feeds"
REFRESH_PERSON_TASK = "meetings.refresh-person-feeds"
REFRESH_JOB = "meetings:refresh-feeds"
REFRESH_EVERY = timedelta(hours=1)
STALE_AFTER = timedelta(hours=6)
REFRESH_BATCH = 200

Fetch = Callable[[str], str]


class FeedReader:
    def __init__(self, context: MeetingsContext, fetch: Fetch = fetch_feed) -> None:
        self.context = context
        self.fetch = fetch

    def tasks(self) -> dict[str, Callable[..., object]]:
        return {REFRESH_TASK: self.refresh_stale, REFRESH_PERSON_TASK: self.refresh_person}

    def ensure_scheduled(self) -> None:
        period = REFRESH_EVERY.total_seconds()
        now = self.context.clock.now()
        first = now + timedelta(seconds=period - now.timestamp() % period)
        self.context.scheduler.schedule_interval(
            REFRESH_JOB, REFRESH_TASK, REFRESH_EVERY, (), first
        )

    def soon_for(self, person_id: int) -> None:
        """Read this person's feeds in a job of its own, right away."""
        self.context.scheduler.schedule_once(
            f"meetings:feeds:{person_id}",
            REFRESH_PERSON_TASK,
            self.context.clock.now(),
            (person_id,),
        )

    def refresh_stale(self) -> int:
        """Read every feed not read for a while (the hourly job); returns how many were read."""
        now = now_utc(self.context.clock)
        with MeetingRepository.reading(self.context.database) as repo:
            due = [feed_id for feed_id, _ in repo.feeds_to_fetch(now - STALE_AFTER, REFRESH_BATCH)]
        return sum(self.refresh(feed_id) for feed_id in due)

    def refresh_person(self, person_id: int) -> int:
        with MeetingRepository.reading(self.context.database) as repo:
            due = [feed.id for feed in repo.feeds([person_id]) if feed.id is not None]
        return sum(self.refresh(feed_id) for feed_id in due)

    def refresh(self, feed_id: int) -> bool:
        """Fetch and read one feed, outside any transaction; true when it was read."""
        with MeetingRepository.reading(self.context.database) as repo:
            feed = repo.feed(feed_id)
            if feed is None:
                return False
            url = feed.url
            zone = zone_of(
                repo.people([feed.person_id]).get(feed.person_id), self.context.default_zone
            )
        now = now_utc(self.context.clock)
        busy, error = None, None
        try:
            text = self.fetch(url)
            busy = encode_busy(busy_times(text, zone, now - CACHE_BEHIND, now + CACHE_AHEAD))
        except FeedProblem as problem:
            error = str(problem)
            _logger.info("Calendar feed %s not read: %s", feed_id, error)
        with MeetingRepository.writing(self.context.database) as repo:
            repo.record_fetch(feed_id, now, busy, error)
        return error is None

"""Availability, calendar feeds and meetings: reads and writes for finding a time to meet."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import col, select

from storage.models import (
    CalendarFeed,
    CoffeeGroup,
    Meeting,
    MeetingAvailability,
    Person,
    Profile,
    Relationship,
)
from storage.repository import Repository

ERROR_LENGTH = 200


class MeetingRepository(Repository):
    # --- availability and feeds ------------------------------------------------------------

    def availability(self, person_id: int) -> MeetingAvailability | None:
        return self.session.get(MeetingAvailability, person_id)

    def availabilities(self, person_ids: Sequence[int]) -> dict[int, MeetingAvailability]:
        query = select(MeetingAvailability).where(
            col(MeetingAvailability.person_id).in_(list(person_ids))
        )
        return {row.person_id: row for row in self.session.exec(query)}

    def save_availability(
        self, person_id: int, windows: list[list[object]], minutes: int, video_link: str
    ) -> None:
        row = self.availability(person_id) or MeetingAvailability(person_id=person_id)
        row.windows, row.minutes, row.video_link = windows, minutes, video_link
        self.session.add(row)

    def feeds(self, person_ids: Sequence[int]) -> list[CalendarFeed]:
        if not person_ids:
            return []
        query = select(CalendarFeed).where(col(CalendarFeed.person_id).in_(list(person_ids)))
        return list(self.session.exec(query.order_by(col(CalendarFeed.id))))

    def replace_feeds(self, person_id: int, urls: Sequence[str]) -> None:
        """Keep the feeds still listed (with their cache), drop the others, add new ones."""
        wanted = list(dict.fromkeys(urls))
        for feed in self.feeds([person_id]):
            if feed.url not in wanted:
                self.session.delete(feed)
            else:
                wanted.remove(feed.url)
        for url in wanted:
            self.session.add(CalendarFeed(person_id=person_id, url=url))
        self.session.flush()

    def feeds_to_fetch(self, fetched_before: datetime, limit: int) -> list[tuple[int, str]]:
        query = (
            select(CalendarFeed.id, CalendarFeed.url)
            .where(
                or_(
                    col(CalendarFeed.fetched_at).is_(None),
                    col(CalendarFeed.fetched_at) < fetched_before,
                )
            )
            .order_by(col(CalendarFeed.fetched_at).is_not(None), col(CalendarFeed.fetched_at))
            .limit(limit)
        )
        return [(int(feed_id or 0), url) for feed_id, url in self.session.exec(query)]

    def feed(self, feed_id: int) -> CalendarFeed | None:
        return self.session.get(CalendarFeed, feed_id)

    def record_fetch(
        self, feed_id: int, now: datetime, busy: list[list[object]] | None, error: str | None
    ) -> None:
        """A fetch's outcome; a failure keeps the busy times read last time."""
        feed = self.feed(feed_id)
        if feed is None:
            return
        feed.fetched_at = now
        feed.last_error = error[:ERROR_LENGTH] if error else None
        if busy is not None:
            feed.busy = busy
        self.session.add(feed)

    def people(self, person_ids: Sequence[int]) -> dict[int, Person]:
        rows = self.session.exec(select(Person).where(col(Person.id).in_(list(person_ids))))
        return {int(person.id or 0): person for person in rows}

    def emails(self, person_ids: Sequence[int]) -> dict[int, str | None]:
        query = select(Profile.person_id, Profile.email).where(
            col(Profile.person_id).in_(list(person_ids))
        )
        return {int(person_id): email for person_id, email in self.session.exec(query)}

    # --- meetings --------------------------------------------------------------------------

    def meeting(self, meeting_id: int) -> Meeting | None:
        return self.session.get(Meeting, meeting_id)

    def meeting_locked(self, meeting_id: int) -> Meeting | None:
        query = select(Meeting).where(Meeting.id == meeting_id).with_for_update()
        return self.session.exec(query).first()

    def meeting_about(self, subject_type: str, subject_id: int) -> Meeting | None:
        query = select(Meeting).where(
            Meeting.subject_type == subject_type, Meeting.subject_id == subject_id
        )
        return self.session.exec(query).first()

    def add_meeting(self, meeting: Meeting) -> Meeting:
        self.session.add(meeting)
        self.session.flush()
        return meeting

    def introduced_between(
        self, since: datetime, until: datetime, workspace_id: str | None = None
    ) -> list[Meeting]:
        """Meetings of introductions made in the period; with ``workspace_id``, only those
        its people organise."""
        query = select(Meeting).where(
            col(Meeting.introduced_at) >= since, col(Meeting.introduced_at) < until
        )
        if workspace_id is not None:
            members = select(Person.id).where(Person.workspace_id == workspace_id)
            query = query.where(col(Meeting.organizer_id).in_(members))
        return list(self.session.exec(query))

    def relationship(self, relationship_id: int) -> Relationship | None:
        return self.session.get(Relationship, relationship_id)

    def coffee_group(self, group_id: int) -> CoffeeGroup | None:
        return self.session.get(CoffeeGroup, group_id)

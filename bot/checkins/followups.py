"""What check-ins do when something happens elsewhere: introductions, endings, coffee groups."""

from bot.checkins.model import RELATIONSHIP
from bot.checkins.service import CheckIns
from bot.coffee.rounds import COFFEE_GROUP
from bot.domain import (
    CoffeeGroupIntroduced,
    Ended,
    Introduced,
    MeetingBooked,
    MeetingCancelled,
)
from bot.mentoring.model import Format
from storage.checkins import CheckInStore
from storage.db import Database


class CheckInFollowUps:
    """Domain event handlers: a "Did you meet?" after a one-off chat or a coffee group,
    regular check-ins for an ongoing relationship, none once it ends."""

    def __init__(self, database: Database, checkins: CheckIns) -> None:
        self.database = database
        self.checkins = checkins

    def introduced(self, event: Introduced) -> None:
        if Format(event.format) is Format.ONGOING:
            self.checkins.start_relationship_checkins(event.relationship_id)
            return
        with CheckInStore.reading(self.database) as store:
            relationship = store.relationships.get(event.relationship_id)
            if relationship is None:
                return
            people = [relationship.mentor_id, relationship.mentee_id]
            due = relationship.started_at + self.checkins.did_you_meet_after
        self.checkins.schedule_did_you_meet(RELATIONSHIP, event.relationship_id, people, due)

    def ended(self, event: Ended) -> None:
        self.checkins.stop_for_relationship(event.relationship_id)

    def coffee_group_introduced(self, event: CoffeeGroupIntroduced) -> None:
        self.checkins.schedule_did_you_meet(
            COFFEE_GROUP, event.group_id, event.person_ids, event.ask_at
        )

    def meeting_booked(self, event: MeetingBooked) -> None:
        self.checkins.ask_did_you_meet_after(
            event.subject_type, event.subject_id, event.person_ids, event.ends_at
        )

    def meeting_cancelled(self, event: MeetingCancelled) -> None:
        self.checkins.withdraw_did_you_meet(event.subject_type, event.subject_id, event.person_ids)

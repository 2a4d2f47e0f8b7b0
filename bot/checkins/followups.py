"""What follows an introduction: a "Did you meet?" after a one-off chat, or regular check-ins."""

from bot.checkins.model import RELATIONSHIP
from bot.checkins.service import CheckIns
from bot.clock import Clock
from bot.mentoring.model import Format
from storage.checkins import CheckInStore
from storage.db import Database


class CheckInFollowUps:
    def __init__(self, database: Database, clock: Clock, checkins: CheckIns) -> None:
        self.database = database
        self.clock = clock
        self.checkins = checkins

    def introduced(self, relationship_id: int, format: Format) -> None:
        if format is Format.ONGOING:
            self.checkins.start_relationship_checkins(relationship_id)
            return
        with CheckInStore.reading(self.database) as store:
            people = store.relationships.member_ids(relationship_id)
        if not people:
            return
        due = self.clock.now() + self.checkins.did_you_meet_after
        self.checkins.schedule_did_you_meet(RELATIONSHIP, relationship_id, people, due)

    def ended(self, relationship_id: int) -> None:
        self.checkins.stop_for_relationship(relationship_id)

"""What follows an introduction: a "Did you meet?" after a one-off chat, or regular check-ins."""

from bot.checkins.service import RELATIONSHIP, CheckIns
from bot.clock import Clock
from bot.mentoring.model import Format
from storage.db import Database
from storage.models import Relationship


class CheckInFollowUps:
    def __init__(self, database: Database, clock: Clock, checkins: CheckIns) -> None:
        self.database = database
        self.clock = clock
        self.checkins = checkins

    def introduced(self, relationship_id: int, format: Format) -> None:
        if format is Format.ONGOING:
            self.checkins.start_relationship_checkins(relationship_id)
            return
        with self.database.read() as session:
            relationship = session.get(Relationship, relationship_id)
            if relationship is None:
                return
            people = [relationship.mentor_id, relationship.mentee_id]
        due = self.clock.now() + self.checkins.did_you_meet_after
        self.checkins.schedule_did_you_meet(RELATIONSHIP, relationship_id, people, due)

    def ended(self, relationship_id: int) -> None:
        self.checkins.stop_for_relationship(relationship_id)

"""What the monthly thanks to mentors read: who mentored, and what came of it."""

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select

from storage.models import Goal, Person, Profile, Relationship
from storage.reports import meetings_held
from storage.repository import Repository


class RecognitionRepository(Repository):
    def relationships_open_during(self, start: datetime, end: datetime) -> Sequence[Relationship]:
        """Relationships that were running at some point in [start, end)."""
        return self._session.exec(
            select(Relationship).where(
                Relationship.started_at < end,
                col(Relationship.ended_at).is_(None) | (col(Relationship.ended_at) >= start),
            )
        ).all()

    def person(self, person_id: int) -> Person | None:
        return self._session.get(Person, person_id)

    def wants_shoutout(self, person_id: int) -> bool:
        profile = self._session.get(Profile, person_id)
        return bool(profile and profile.shoutout_opt_in)

    def goals_reached(self, relationship_ids: Sequence[int], start: datetime, end: datetime) -> int:
        """Goals of these relationships completed in [start, end)."""
        if not relationship_ids:
            return 0
        return len(
            self._session.exec(
                select(Goal.id).where(
                    col(Goal.relationship_id).in_(list(relationship_ids)),
                    Goal.status == "done",
                    col(Goal.completed_at) >= start,
                    col(Goal.completed_at) < end,
                )
            ).all()
        )

    def meetings_held(self, relationship_ids: Sequence[int], start: datetime, end: datetime) -> int:
        return meetings_held(self._session, relationship_ids, start, end)

"""What a prompt is about (a relationship, a goal, another feature's group) and who is in it."""

from typing import Any

from bot.checkins.model import GOAL, RELATIONSHIP, Kind, SubjectRules
from bot.outbox import NotWanted
from storage.checkins import CheckInStore
from storage.goals import GoalStatus
from storage.models import Goal, Prompt, Relationship
from storage.requests import RelationshipRepository


class Subjects:
    """The rules of every kind of subject a prompt can be about."""

    def __init__(self) -> None:
        self._rules: dict[str, SubjectRules[Any]] = {
            RELATIONSHIP: SubjectRules(
                RelationshipRepository,
                RelationshipRepository.is_ongoing,
                RelationshipRepository.member_ids,
            )
        }

    def register(self, subject_type: str, rules: SubjectRules[Any]) -> None:
        self._rules[subject_type] = rules

    def others(self, store: CheckInStore, prompt: Prompt) -> tuple[str, ...]:
        """The user ids of everyone else in the prompt's subject."""
        rules = self._rules.get(prompt.subject_type)
        if rules is None:
            return ()
        members = rules.members_in(store, prompt.subject_id)
        return store.people.user_ids_in_order([m for m in members if m != prompt.person_id])

    def still_on(
        self, store: CheckInStore, prompt: Prompt
    ) -> Goal | Relationship | NotWanted | None:
        """The goal or relationship a prompt is about (None for other subjects) while it
        still calls for the prompt."""
        if prompt.subject_type == GOAL:
            return _goal_still_on(store, prompt)
        rules = self._rules.get(prompt.subject_type)
        if rules is not None and not rules.active_in(store, prompt.subject_id):
            return NotWanted(f"{prompt.subject_type} ended")
        if prompt.subject_type == RELATIONSHIP:
            return store.relationships.get(prompt.subject_id)
        return None


def _goal_still_on(store: CheckInStore, prompt: Prompt) -> Goal | NotWanted:
    goal = store.goals.get(prompt.subject_id)
    if goal is None or (prompt.kind == Kind.GOAL_CHECKIN and goal.status != GoalStatus.OPEN):
        return NotWanted("goal closed")
    if goal.relationship_id is not None and not store.relationships.ongoing(goal.relationship_id):
        return NotWanted("relationship ended")
    return goal

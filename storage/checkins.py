"""The repositories one check-in transaction works with: prompts, goals, relationships, people."""

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

from storage.goals import GoalRepository
from storage.models import Person, Prompt
from storage.people import PersonRepository
from storage.prompts import PromptRepository
from storage.repository import Repository
from storage.requests import RelationshipRepository

R = TypeVar("R")
# How another feature's repository is opened on the same transaction (its class will do).
RepositoryOf = Callable[[Session], R]


class CheckInStore(Repository):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.prompts = PromptRepository(session)
        self.goals = GoalRepository(session)
        self.relationships = RelationshipRepository(session)
        self.people = PersonRepository(session)

    def person_asked(self, prompt: Prompt) -> Person | None:
        """Whom the prompt is for, unless they have left."""
        return self.people.get(prompt.person_id) if prompt.person_id is not None else None

    def open(self, repository: RepositoryOf[R]) -> R:
        """Another feature's repository on this same transaction."""
        return repository(self.session)

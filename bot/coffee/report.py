"""Coffee rounds in the program report."""

from collections import Counter
from datetime import datetime

from bot.checkins.model import Kind
from bot.coffee.rounds import COFFEE_GROUP
from storage.coffee import CoffeeRepository
from storage.db import Database
from storage.prompts import PromptRepository


class CoffeeSection:
    title = "Coffee-chat rounds"

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        with database.read() as session:
            coffee = CoffeeRepository(session)
            rounds = coffee.rounds_ran_between(since, until, workspace_id)
            if not rounds:
                return []
            groups = coffee.groups_of_rounds([r.id for r in rounds])
            group_ids = [g.id for g in groups if g.id is not None]
            answers = Counter(
                answer
                for _, _, answer in PromptRepository(session).latest_answers(
                    Kind.DID_YOU_MEET, COFFEE_GROUP, group_ids
                )
                if answer != "feedback"
            )
        people = {person for group in groups for person in group.person_ids}
        return [
            ("Rounds run", str(len(rounds))),
            ("Groups introduced", str(len(groups))),
            ("People who took part", str(len(people))),
            (
                "Met · not yet · won't",
                f"{answers['yes']} · {answers['not_yet']} · {answers['wont']}",
            ),
        ]

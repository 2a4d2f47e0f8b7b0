"""The rows a program report computes from, and the period it covers."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from storage.db import Database
from storage.models import (
    Feedback,
    Goal,
    MentoringRequest,
    Person,
    Profile,
    Prompt,
    Relationship,
    RequestStep,
)
from storage.reports import ReportRepository


@dataclass(frozen=True)
class Snapshot:
    """Every row the program report reads."""

    people: dict[int, Person]
    profiles: dict[int, Profile]
    requests: list[MentoringRequest]
    steps: dict[int, list[RequestStep]]
    relationships: list[Relationship]
    goals: list[Goal]
    prompts: list[Prompt]
    feedback: list[Feedback]

    @classmethod
    def load(cls, database: Database, workspace_id: str | None = None) -> "Snapshot":
        """Read every row (of one workspace, when given) in one short read transaction;
        nothing is computed inside it."""
        with ReportRepository.reading(database) as reports:
            rows = reports.program_rows(workspace_id)
        steps: dict[int, list[RequestStep]] = defaultdict(list)
        for step in rows.steps:
            steps[step.request_id].append(step)
        for request_steps in steps.values():
            request_steps.sort(key=lambda step: (step.at, step.id or 0))
        return cls(
            people={p.id: p for p in rows.people if p.id is not None},
            profiles={p.person_id: p for p in rows.profiles},
            requests=list(rows.requests),
            steps=dict(steps),
            relationships=list(rows.relationships),
            goals=list(rows.goals),
            prompts=list(rows.prompts),
            feedback=list(rows.feedback),
        )


@dataclass(frozen=True)
class Period:
    since: datetime
    until: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and self.since <= moment < self.until

    def overlaps(self, start: datetime, end: datetime | None) -> bool:
        return start < self.until and (end is None or end >= self.since)

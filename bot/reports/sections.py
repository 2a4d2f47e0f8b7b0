"""The port through which other programs (coffee rounds, events) add to the report."""

from datetime import datetime
from typing import Protocol

from storage.db import Database


class ProgramSection(Protocol):
    """A part of the program report that a feature owns, such as coffee rounds or events."""

    @property
    def title(self) -> str: ...

    def figures(
        self, database: Database, since: datetime, until: datetime, workspace_id: str | None
    ) -> list[tuple[str, str]]:
        """(label, value) pairs for the period (in one workspace, when given); empty when
        nothing happened in it."""
        ...


#: Features append their section here at import time; the report renders each in order.
SECTIONS: list[ProgramSection] = []


def register_section(section: ProgramSection) -> None:
    """Add a section once; registering the same title again replaces it."""
    SECTIONS[:] = [existing for existing in SECTIONS if existing.title != section.title]
    SECTIONS.append(section)

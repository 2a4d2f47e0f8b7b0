"""Mentoring that lasts, in the program report: counts only, small groups suppressed."""

from datetime import datetime

from storage.db import Database
from storage.lasting import LastingRepository


class LastingSection:
    title = "Mentoring that lasts"

    def figures(
        self, database: Database, since: datetime, until: datetime
    ) -> list[tuple[str, str]]:
        with LastingRepository.reading(database) as lasting:
            sensitive = lasting.sensitive_requests(since, until)
        figures: list[tuple[str, str]] = []
        if sensitive:
            figures.append(("Sensitive requests (counted only)", str(sensitive)))
        return figures

"""Reads for mentoring that lasts: sensitive asks, mentoring teams, fit checks, surveys."""

from datetime import datetime

from sqlmodel import col, func, select

from storage.models import MentoringRequest
from storage.repository import Repository


class LastingRepository(Repository):
    def sensitive_requests(self, since: datetime, until: datetime) -> int:
        return int(
            self._session.exec(
                select(func.count()).where(
                    col(MentoringRequest.sensitive).is_(True),
                    MentoringRequest.created_at >= since,
                    MentoringRequest.created_at < until,
                )
            ).one()
        )

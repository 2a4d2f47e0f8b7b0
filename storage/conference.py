"""Conference mode's rows: secret links, who checked in, and conversations Slack opened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from storage.db import Database
from storage.models import (
    EventAttendance,
    EventConference,
    EventLink,
    Feedback,
    SlackConversation,
)
from storage.repository import Repository

SURVEY_FEEDBACK = "event_survey"


class LinkPurpose(StrEnum):
    BOARD = "board"
    CHECKIN = "checkin"
    SEAT = "seat"


class ConferenceRepository(Repository):
    """Reads and writes conference rows inside one unit of work."""

    def link(self, token_hash: str) -> EventLink | None:
        """The unrevoked link with that token hash."""
        return self._session.exec(
            select(EventLink).where(
                EventLink.token_hash == token_hash, col(EventLink.revoked_at).is_(None)
            )
        ).first()

    def add_link(
        self, event_id: int, purpose: LinkPurpose, token_hash: str, mentee_id: int | None = None
    ) -> None:
        link = EventLink(
            event_id=event_id, purpose=purpose, token_hash=token_hash, mentee_id=mentee_id
        )
        self._session.add(link)
        self._session.flush()

    def revoke(
        self, event_id: int, purpose: LinkPurpose, at: datetime, mentee_id: int | None = None
    ) -> int:
        query = select(EventLink).where(
            EventLink.event_id == event_id,
            EventLink.purpose == purpose,
            col(EventLink.revoked_at).is_(None),
        )
        if mentee_id is not None:
            query = query.where(EventLink.mentee_id == mentee_id)
        links = self._session.exec(query).all()
        for link in links:
            link.revoked_at = at
            self._session.add(link)
        return len(links)

    def conference(self, event_id: int) -> EventConference | None:
        return self._session.get(EventConference, event_id)

    def open_checkin(self, event_id: int, at: datetime) -> EventConference:
        row = self.conference(event_id)
        if row is None:
            row = EventConference(event_id=event_id, checkin_opened_at=at)
            self._session.add(row)
            self._session.flush()
        return row

    def save(self, row: EventConference) -> None:
        self._session.add(row)

    def attendance(self, event_id: int) -> Sequence[EventAttendance]:
        return self._session.exec(
            select(EventAttendance).where(EventAttendance.event_id == event_id)
        ).all()

    def check_in(
        self, event_id: int, mentee_id: int, at: datetime, email: str | None = None
    ) -> bool:
        """Marks the mentee present; False when they had already checked in."""
        present = self._session.exec(
            select(EventAttendance).where(
                EventAttendance.event_id == event_id, EventAttendance.mentee_id == mentee_id
            )
        ).first()
        if present is not None:
            return False
        self._session.add(
            EventAttendance(event_id=event_id, mentee_id=mentee_id, email=email, checked_in_at=at)
        )
        self._session.flush()
        return True

    def guest_by_email(self, event_id: int, email: str) -> EventAttendance | None:
        return self._session.exec(
            select(EventAttendance).where(
                EventAttendance.event_id == event_id, EventAttendance.email == email
            )
        ).first()

    def survey_answer(self, event_id: int, author_id: int) -> Feedback | None:
        return self._session.exec(
            select(Feedback).where(
                Feedback.subject_type == SURVEY_FEEDBACK,
                Feedback.subject_id == event_id,
                Feedback.author_id == author_id,
            )
        ).first()

    def survey_answers(self, event_id: int) -> list[Feedback]:
        return list(
            self._session.exec(
                select(Feedback).where(
                    Feedback.subject_type == SURVEY_FEEDBACK, Feedback.subject_id == event_id
                )
            ).all()
        )


class ConversationStore:
    """The conversations Slack opened, in the database so a restart need not open them again."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def find(self, workspace_id: str, users: str) -> str | None:
        with self.database.read() as session:
            row = session.exec(
                select(SlackConversation).where(
                    SlackConversation.workspace_id == workspace_id,
                    SlackConversation.users == users,
                )
            ).first()
            return row.channel_id if row is not None else None

    def remember(self, workspace_id: str, users: str, channel_id: str) -> None:
        try:
            with self.database.write() as session:
                session.add(
                    SlackConversation(workspace_id=workspace_id, users=users, channel_id=channel_id)
                )
        except IntegrityError:
            pass  # another thread stored the same conversation first

    def forget(self, workspace_id: str, users: str) -> None:
        with self.database.write() as session:
            for row in session.exec(
                select(SlackConversation).where(
                    SlackConversation.workspace_id == workspace_id,
                    SlackConversation.users == users,
                )
            ).all():
                session.delete(row)

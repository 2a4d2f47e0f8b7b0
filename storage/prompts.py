"""Prompt rows: the outbox of messages the bot owes people.

Status moves pending -> sending -> sent, or to failed / skipped; every move is one
conditional UPDATE, so two workers racing for the same row cannot both win it.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import ClauseElement, ColumnElement, func, or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.dml import ReturningInsert
from sqlmodel import Session, col, select

from storage.models import Goal, Prompt


class PromptStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


ERROR_LENGTH = 200


@cache
def _insert_once(dialect: str) -> ReturningInsert[tuple[Prompt]]:
    # Built once: the values go in as parameters, so each message skips building and
    # compiling a statement of its own (a coffee round posts a thousand). RETURNING the row
    # saves reading it back.
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    return insert(Prompt).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(Prompt)


class PromptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_once(
        self,
        *,
        kind: str,
        person_id: int | None,
        subject_type: str,
        subject_id: int,
        dedupe_key: str,
        due_at: datetime,
        status: PromptStatus = PromptStatus.PENDING,
        **addressing: object,
    ) -> tuple[Prompt, bool]:
        """The prompt with this dedupe key, inserted first if new; and whether it was new.

        ``addressing`` sets the outbox columns of messages that are not check-in prompts
        (group_person_ids, channel_id, update_of, urgency, payload).
        """
        values = {
            "kind": kind,
            "person_id": person_id,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "dedupe_key": dedupe_key,
            "due_at": due_at,
            "status": status.value,
            "sent_at": due_at if status == PromptStatus.SENT else None,
            **addressing,
        }
        statement = _insert_once(self.session.get_bind().dialect.name)
        added: Prompt | None = self.session.execute(statement, values).scalar_one_or_none()
        if added is not None:
            return added, True
        existing = self.session.exec(select(Prompt).where(Prompt.dedupe_key == dedupe_key)).one()
        return existing, False

    def _move(self, prompt_id: int, *conditions: ColumnElement[bool], **values: object) -> bool:
        # The new values go in as parameters: building them into the statement cost more
        # than the UPDATE itself, and each delivery makes a few.
        statement = update(Prompt).where(col(Prompt.id) == prompt_id, *conditions)
        if any(isinstance(value, ClauseElement) for value in values.values()):
            statement, values = statement.values(**values), {}
        moved = self.session.connection().execute(statement, values).rowcount == 1
        # Only this row changed: other prompts loaded in the session (a batch being claimed)
        # stay as read, usable once the transaction is over.
        loaded = self.session.identity_map.get(identity_key(Prompt, prompt_id))
        if loaded is not None:
            self.session.expire(loaded)
        return moved

    def claim_all(self, prompt_ids: Sequence[int], now: datetime) -> dict[int, Prompt]:
        """Take the due pending ones of these prompts for sending, counting the attempt; those
        someone else has, or not due yet, are left out.

        While sending, sent_at holds when the attempt began, so a stale claim can be found.
        """
        statement = (
            update(Prompt)
            .where(
                col(Prompt.id).in_(list(prompt_ids)),
                col(Prompt.status) == PromptStatus.PENDING,
                col(Prompt.due_at) <= now,
            )
            .values(status=PromptStatus.SENDING, sent_at=now, attempts=Prompt.attempts + 1)
            .returning(Prompt)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
        return {prompt.id or 0: prompt for prompt in self.session.scalars(statement)}

    def release(
        self, prompt_id: int, due_at: datetime, error: str | None = None, *, uncount: bool = False
    ) -> bool:
        """Put a claimed prompt back to wait until ``due_at``; ``uncount`` when it was claimed
        only to learn it must wait, so that no attempt was made."""
        return self._move(
            prompt_id,
            col(Prompt.status) == PromptStatus.SENDING,
            status=PromptStatus.PENDING,
            due_at=due_at,
            sent_at=None,
            last_error=error[:ERROR_LENGTH] if error else None,
            **({"attempts": Prompt.attempts - 1} if uncount else {}),
        )

    def finish(
        self, prompt_id: int, status: PromptStatus, now: datetime, error: str | None = None
    ) -> bool:
        """End a claimed prompt as sent, failed or skipped."""
        return self._move(
            prompt_id,
            col(Prompt.status) == PromptStatus.SENDING,
            status=status,
            sent_at=now if status == PromptStatus.SENT else None,
            last_error=error[:ERROR_LENGTH] if error else None,
            **({} if status == PromptStatus.SENT else {"payload": None}),
        )

    def get(self, prompt_id: int) -> Prompt | None:
        return self.session.get(Prompt, prompt_id)

    def by_key(self, dedupe_key: str) -> Prompt | None:
        return self.session.exec(select(Prompt).where(Prompt.dedupe_key == dedupe_key)).first()

    def record_sent(
        self, prompt_id: int, now: datetime, conversation_id: str, message_id: str
    ) -> bool:
        """Mark a claimed message sent, keep where it went, and drop its text."""
        return self._move(
            prompt_id,
            col(Prompt.status) == PromptStatus.SENDING,
            status=PromptStatus.SENT,
            sent_at=now,
            last_error=None,
            payload=None,
            conversation_id=conversation_id[:128],
            message_id=message_id[:128],
        )

    def skip_pending(self, prompt_id: int, reason: str) -> bool:
        return self._move(
            prompt_id,
            col(Prompt.status) == PromptStatus.PENDING,
            status=PromptStatus.SKIPPED,
            payload=None,
            last_error=reason[:ERROR_LENGTH],
        )

    def answer_once(self, prompt_id: int, answer: str, now: datetime) -> bool:
        """Record the first answer to a prompt; false when it was already answered."""
        return self._move(
            prompt_id, col(Prompt.answered_at).is_(None), answer=answer, answered_at=now
        )

    def fail_stale(self, claimed_before: datetime, reason: str) -> int:
        """Give up on claims older than ``claimed_before`` (their sender died mid-send)."""
        statement = (
            update(Prompt)
            .where(col(Prompt.status) == PromptStatus.SENDING, col(Prompt.sent_at) < claimed_before)
            .values(
                status=PromptStatus.FAILED,
                sent_at=None,
                payload=None,
                last_error=reason[:ERROR_LENGTH],
            )
        )
        return int(self.session.connection().execute(statement).rowcount)

    def due_pending(self, now: datetime, limit: int) -> list[tuple[int, datetime]]:
        rows = self.session.exec(
            select(Prompt.id, Prompt.due_at)
            .where(col(Prompt.status) == PromptStatus.PENDING, col(Prompt.due_at) <= now)
            .order_by(col(Prompt.due_at))
            .limit(limit)
        ).all()
        return [(int(prompt_id), due) for prompt_id, due in rows if prompt_id is not None]

    def skip_pending_about(self, subject_type: str, subject_ids: Sequence[int], reason: str) -> int:
        if not subject_ids:
            return 0
        statement = (
            update(Prompt)
            .where(
                col(Prompt.status) == PromptStatus.PENDING,
                col(Prompt.subject_type) == subject_type,
                col(Prompt.subject_id).in_(subject_ids),
            )
            .values(status=PromptStatus.SKIPPED, last_error=reason)
        )
        return int(self.session.connection().execute(statement).rowcount)

    def skip_pending_of_kind(
        self, kind: str, subject_type: str, subject_id: int, person_id: int, reason: str
    ) -> int:
        statement = (
            update(Prompt)
            .where(
                col(Prompt.status) == PromptStatus.PENDING,
                col(Prompt.kind) == kind,
                col(Prompt.subject_type) == subject_type,
                col(Prompt.subject_id) == subject_id,
                col(Prompt.person_id) == person_id,
            )
            .values(status=PromptStatus.SKIPPED, last_error=reason)
        )
        return int(self.session.connection().execute(statement).rowcount)

    def skip_pending_for_relationship(self, relationship_id: int, reason: str) -> int:
        goal_ids = self.session.exec(
            select(Goal.id).where(Goal.relationship_id == relationship_id)
        ).all()
        return self.skip_pending_about(
            "relationship", [relationship_id], reason
        ) + self.skip_pending_about("goal", [g for g in goal_ids if g is not None], reason)

    def latest_answers(
        self, kind: str, subject_type: str, subject_ids: Sequence[int]
    ) -> list[tuple[int, int, str]]:
        """(subject id, person id, answer) of each person's most recent answer per subject."""
        if not subject_ids:
            return []
        answered = self.session.exec(
            select(Prompt.subject_id, Prompt.person_id, Prompt.answer, Prompt.answered_at)
            .where(
                col(Prompt.kind) == kind,
                col(Prompt.subject_type) == subject_type,
                col(Prompt.subject_id).in_(subject_ids),
                col(Prompt.answer).is_not(None),
            )
            .order_by(col(Prompt.answered_at), col(Prompt.id))
        ).all()
        latest: dict[tuple[int, int], str] = {}
        for subject_id, person_id, answer, _ in answered:
            latest[(subject_id, person_id or 0)] = str(answer)
        return [(subject, person, answer) for (subject, person), answer in latest.items()]

    def asked_subjects(self, kind: str, subject_type: str, subject_ids: Sequence[int]) -> set[int]:
        """Subjects with at least one prompt of this kind actually delivered."""
        if not subject_ids:
            return set()
        rows = self.session.exec(
            select(Prompt.subject_id).where(
                col(Prompt.kind) == kind,
                col(Prompt.subject_type) == subject_type,
                col(Prompt.subject_id).in_(subject_ids),
                col(Prompt.sent_at).is_not(None),
                col(Prompt.status) != "sending",
            )
        ).all()
        return {int(subject_id) for subject_id in rows}

    def answer_counts(
        self, kind: str, subject_type: str, subject_ids: Sequence[int]
    ) -> dict[int, Counter[str]]:
        """Per subject that was asked, how many people last gave each answer.

        A subject nobody was asked about is absent; one asked but unanswered has an empty
        count. Feedback left after answering is not an answer.
        """
        asked = self.asked_subjects(kind, subject_type, subject_ids)
        answers: dict[int, Counter[str]] = {subject_id: Counter() for subject_id in asked}
        for subject_id, _, answer in self.latest_answers(kind, subject_type, subject_ids):
            if answer != "feedback":
                answers.setdefault(subject_id, Counter())[answer] += 1
        return answers

    def counts(self, workspace_id: str | None = None) -> dict[str, int]:
        """Rows in each status (of one workspace, when given)."""
        query = select(Prompt.status, func.count()).group_by(col(Prompt.status))
        if workspace_id is not None:
            query = query.where(Prompt.workspace_id == workspace_id)
        return {str(status): int(count) for status, count in self.session.exec(query).all()}

    def recent_failures(self, limit: int, workspace_id: str | None = None) -> list[Prompt]:
        query = select(Prompt).where(
            or_(
                col(Prompt.status) == PromptStatus.FAILED,
                col(Prompt.last_error).is_not(None) & (col(Prompt.status) == PromptStatus.PENDING),
            )
        )
        if workspace_id is not None:
            query = query.where(Prompt.workspace_id == workspace_id)
        return list(self.session.exec(query.order_by(col(Prompt.due_at).desc()).limit(limit)).all())

    def pending_due(self, now: datetime) -> tuple[int, datetime | None]:
        """How many pending rows are due at ``now``, and when the oldest of them fell due."""
        count, oldest = self.session.exec(
            select(func.count(), func.min(Prompt.due_at)).where(
                col(Prompt.status) == PromptStatus.PENDING, col(Prompt.due_at) <= now
            )
        ).one()
        return int(count), oldest

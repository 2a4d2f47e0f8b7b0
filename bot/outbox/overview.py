"""What organizers see of the outbox: how many messages are in each state, and which failed."""

from dataclasses import dataclass
from datetime import datetime

from bot.replies import Fields, Header, Mention, Part, Plain, Span, Time, note, paragraph
from storage.db import Database
from storage.people import PersonRepository
from storage.prompts import PromptRepository

STATUS_LABELS = (
    ("sent", "Sent"),
    ("pending", "Waiting"),
    ("sending", "Sending"),
    ("failed", "Failed"),
    ("skipped", "Not needed any more"),
)


@dataclass(frozen=True)
class FailedMessage:
    kind: str
    user_id: str
    channel_id: str
    due_at: datetime
    status: str
    reason: str


@dataclass(frozen=True)
class OutboxOverview:
    counts: dict[str, int]
    failures: tuple[FailedMessage, ...]


def outbox_overview(
    database: Database, failures: int = 5, workspace_id: str | None = None
) -> OutboxOverview:
    """How many messages are in each state, and the latest that failed or are retrying (of
    one workspace, when given)."""
    with database.read() as session:
        prompts = PromptRepository(session)
        failed = prompts.recent_failures(failures, workspace_id)
        user_ids = PersonRepository(session).user_ids(p.person_id for p in failed if p.person_id)
        return OutboxOverview(
            prompts.counts(workspace_id),
            tuple(
                FailedMessage(
                    p.kind,
                    user_ids.get(p.person_id or 0, ""),
                    p.channel_id or "",
                    p.due_at,
                    p.status,
                    p.last_error or "",
                )
                for p in failed
            ),
        )


def outbox_parts(overview: OutboxOverview, zone: str) -> tuple[Part, ...]:
    """The organizer's view of messages owed: figures, then each failure with its reason;
    ``zone`` is the reader's, for the times shown."""
    parts: list[Part] = [
        Header("Messages from Rounds"),
        Fields(tuple((label, str(overview.counts.get(key, 0))) for key, label in STATUS_LABELS)),
    ]
    for failure in overview.failures:
        retrying = " (will retry)" if failure.status == "pending" else ""
        to: Span = Mention(failure.user_id) if failure.user_id else _channel(failure)
        parts.append(
            paragraph(
                f"{failure.kind.replace('_', ' ').replace('.', ' ')} to ",
                to,
                ", due ",
                Time(failure.due_at, zone, "date_time"),
                f": {failure.reason}{retrying}",
            )
        )
    if overview.failures:
        parts.append(note("A failed message stays listed here with the reason the platform gave."))
    return tuple(parts)


def _channel(failure: FailedMessage) -> Span:
    return Plain(f"channel {failure.channel_id}" if failure.channel_id else "a group")

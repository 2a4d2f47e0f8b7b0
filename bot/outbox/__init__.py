"""The one outbox: every message Rounds sends because something changed."""

from bot.outbox.addressing import Composed, Composer, NotWanted
from bot.outbox.messages import Outgoing, channel_post, direct, group_chat, replacement
from bot.outbox.overview import OutboxOverview, outbox_overview, outbox_parts
from bot.outbox.rules import QuietHours, Urgency
from bot.outbox.sending import MAX_ATTEMPTS, Delivery, retry_delay
from bot.outbox.service import (
    DELIVER_TASK,
    SENDING_LEASE,
    SWEEP_TASK,
    Outbox,
    Queued,
    prompt_job_id,
)

__all__ = [
    "DELIVER_TASK",
    "MAX_ATTEMPTS",
    "SENDING_LEASE",
    "SWEEP_TASK",
    "Composed",
    "Composer",
    "Delivery",
    "NotWanted",
    "Outbox",
    "OutboxOverview",
    "Outgoing",
    "Queued",
    "QuietHours",
    "Urgency",
    "channel_post",
    "direct",
    "group_chat",
    "outbox_overview",
    "outbox_parts",
    "prompt_job_id",
    "replacement",
    "retry_delay",
]

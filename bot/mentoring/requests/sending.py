"""The one place request steps send from, once their transaction has committed."""

import logging
from collections.abc import Sequence

from bot.identity import PersonRef
from bot.mentoring.model import Notice
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Reply

logger = logging.getLogger(__name__)


def deliver(messenger: Messenger, notices: Sequence[Notice]) -> None:
    for notice in notices:
        try:
            messenger.send_direct(notice.to, notice.message)
        except DeliveryFailed as failure:
            logger.warning("could not message %s: %s", notice.to.user_id, failure.reason)


def send_introduction(
    messenger: Messenger, relationship_id: int, pair: Sequence[PersonRef], intro: Reply
) -> str | None:
    """The conversation the pair was introduced in, or None when it could not be sent."""
    try:
        return messenger.send_group(pair, intro).conversation_id
    except DeliveryFailed as failure:
        logger.warning(
            "introduction for relationship %s failed: %s", relationship_id, failure.reason
        )
        return None

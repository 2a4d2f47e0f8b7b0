"""The one place request steps send from: outbox rows in the step's own transaction."""

from collections.abc import Sequence

from bot.identity import PersonRef
from bot.mentoring.model import Notice, NoticeKind
from bot.mentoring.requests.context import RequestContext
from bot.outbox import Urgency, direct, group_chat
from bot.replies import Reply
from storage.requests import RequestStore

RELATIONSHIP = "relationship"


def tell(ctx: RequestContext, store: RequestStore, notices: Sequence[Notice]) -> None:
    ctx.outbox.post_all(
        store.session,
        (
            direct(
                notice.kind,
                notice.to,
                notice.message,
                Urgency.NOW if notice.kind.answers_the_reader else Urgency.QUIET_HOURS,
                dedupe_key=notice.key,
            )
            for notice in notices
        ),
    )


def offer_message_key(kind: NoticeKind, offer_id: int) -> str:
    """The nudge or the reminder sent for one offer."""
    return f"{kind}:{offer_id}"


def close_offer(ctx: RequestContext, store: RequestStore, offer_id: int, what: Reply) -> None:
    """The offer's nudge and reminder ask nothing any more: they now say what happened."""
    keys = (offer_message_key(kind, offer_id) for kind in (NoticeKind.NUDGE, NoticeKind.REMINDER))
    ctx.outbox.rewrite(store.session, NoticeKind.CLOSED_OFFER, keys, what)


def send_introduction(
    ctx: RequestContext,
    store: RequestStore,
    relationship_id: int,
    pair: Sequence[PersonRef],
    intro: Reply,
) -> None:
    """The pair's group conversation; where it opened is kept once it is sent."""
    ctx.outbox.post(
        store.session,
        group_chat(
            NoticeKind.INTRODUCTION,
            pair,
            intro,
            dedupe_key=f"{NoticeKind.INTRODUCTION}:{relationship_id}",
            subject=(RELATIONSHIP, relationship_id),
        ),
    )

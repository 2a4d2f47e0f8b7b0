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
            )
            for notice in notices
        ),
    )


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

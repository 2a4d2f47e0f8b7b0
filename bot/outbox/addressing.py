"""Turning a claimed outbox row into something to send now, something to wait, or nothing."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.identity import PersonRef
from bot.messaging import Attachment, SentMessage
from bot.outbox.codec import decode_files, decode_reply
from bot.outbox.rules import QuietHours, Urgency
from bot.replies import Reply
from storage.db import Session
from storage.models import Person, Profile, Prompt
from storage.prompts import PromptRepository, PromptStatus

# An update whose original is being sent right now waits this long for it to finish.
ORIGINAL_IN_FLIGHT = timedelta(minutes=1)


@dataclass(frozen=True)
class Composed:
    """What to send for a prompt that is still wanted."""

    to: PersonRef
    message: Reply


@dataclass(frozen=True)
class NotWanted:
    reason: str


Composer = Callable[[Session, Prompt], Composed | NotWanted]


@dataclass(frozen=True)
class Ready:
    message: Reply
    to: PersonRef | None = None
    group: tuple[PersonRef, ...] = ()
    channel_id: str | None = None
    replaces: SentMessage | None = None
    workspace_id: str | None = None
    files: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Wait:
    until: datetime


def ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)


def is_paused(profile: Profile | None, today: date) -> bool:
    return (
        profile is not None and profile.paused_until is not None and profile.paused_until >= today
    )


def prepare(
    session: Session,
    prompt: Prompt,
    now: datetime,
    quiet_hours: QuietHours,
    composer: Composer | None,
) -> Ready | Wait | NotWanted:
    """What to do with a claimed row right now."""
    if prompt.update_of is not None:
        return _replacement(session, prompt, now)
    if prompt.channel_id is not None:
        return Ready(
            _decoded(prompt), channel_id=prompt.channel_id, workspace_id=prompt.workspace_id
        )
    if prompt.group_person_ids:
        people = [session.get(Person, person_id) for person_id in prompt.group_person_ids]
        return Ready(_decoded(prompt), group=tuple(ref(p) for p in people if p is not None))
    person = session.get(Person, prompt.person_id) if prompt.person_id else None
    if person is None:
        return NotWanted("person left")
    if composer is not None and is_paused(session.get(Profile, person.id), now.date()):
        return NotWanted("paused")
    if prompt.urgency == Urgency.QUIET_HOURS:
        allowed = quiet_hours.next_allowed(now, person.timezone)
        if allowed > now:
            return Wait(allowed)
    if composer is None:
        files = decode_files(prompt.payload) if prompt.payload else ()
        return Ready(_decoded(prompt), to=ref(person), files=files)
    composed = composer(session, prompt)
    if isinstance(composed, NotWanted):
        return composed
    return Ready(composed.message, to=composed.to)


def _decoded(prompt: Prompt) -> Reply:
    if prompt.payload is None:
        raise ValueError(f"outbox row {prompt.id} has no message and its kind no composer")
    return decode_reply(prompt.payload)


def _replacement(session: Session, prompt: Prompt, now: datetime) -> Ready | Wait | NotWanted:
    assert prompt.update_of is not None
    prompts = PromptRepository(session)
    original = prompts.get(prompt.update_of)
    if original is None:
        return NotWanted("the message to update is gone")
    if original.status == PromptStatus.PENDING:
        # Never seen, so there is nothing stale to rewrite: it simply is not sent.
        prompts.skip_pending(prompt.update_of, "replaced before it was sent")
        return NotWanted("its message was never sent")
    if original.status == PromptStatus.SENDING:
        return Wait(now + ORIGINAL_IN_FLIGHT)
    if original.conversation_id is None or original.message_id is None:
        return NotWanted("its message was not delivered")
    return Ready(
        _decoded(prompt),
        replaces=SentMessage(original.conversation_id, original.message_id),
        workspace_id=prompt.workspace_id,
    )

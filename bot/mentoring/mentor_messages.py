"""What mentors and organizers read as a request moves: nudges, and what became of each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.mentoring.messages import ACCEPT, DECLINE, SUGGEST
from bot.mentoring.model import Format
from bot.mentoring.practices import Tip
from bot.replies import (
    Choice,
    Choices,
    Command,
    Fields,
    Header,
    Mention,
    Part,
    Reply,
    Strong,
    counted,
    note,
    paragraph,
    reply,
)


@dataclass(frozen=True)
class Ask:
    """A request as a mentor is asked to consider it."""

    request_id: int
    offer_id: int
    mentee_user_id: str
    mentee_stage: str | None
    goal: str
    format: Format
    by_date: date | None
    reasons: tuple[str, ...]
    suggested_by_user_id: str | None = None


def _when(by_date: date | None) -> str:
    return f"by {by_date:%B} {by_date.day}" if by_date else "no fixed date"


def nudge(ask: Ask, tips: Sequence[Tip], reminder: bool = False) -> Reply:
    parts: list[Part] = [
        Header("Reminder: a mentoring request" if reminder else "A mentoring request")
    ]
    if ask.suggested_by_user_id:
        parts.append(paragraph(Mention(ask.suggested_by_user_id), " suggested you for this one."))
    parts += [
        paragraph(
            Mention(ask.mentee_user_id),
            " would like ",
            ask.format.label,
            " (",
            _when(ask.by_date),
            ").",
        ),
        Fields(
            (
                ("Their request", ask.goal),
                ("Career stage", ask.mentee_stage or "not given"),
                ("Why you", " · ".join(ask.reasons) or "your profile fits their request"),
            )
        ),
        Choices(
            (
                Choice(ACCEPT, "Accept", f"{ask.request_id}:{ask.offer_id}", style="primary"),
                Choice(SUGGEST, "Suggest a colleague", f"{ask.request_id}:{ask.offer_id}"),
                Choice(DECLINE, "Decline", f"{ask.request_id}:{ask.offer_id}"),
            )
        ),
        *(note("Tip — ", Strong(tip.title), ": ", tip.text) for tip in tips),
    ]
    return reply(*parts, summary="A mentoring request for you")


def accepted_for_mentor(mentee_user_id: str, together: bool = True) -> Reply:
    where = "in your group messages" if together else "on its way to you both"
    return reply(
        paragraph(
            "You accepted ",
            Mention(mentee_user_id),
            f"'s request. Thank you! The introduction is {where}.",
        ),
        summary="You accepted a request",
    )


def list_full(load: int, capacity: int) -> Reply:
    return reply(
        paragraph(
            f"Your list is full ({load} of {capacity} mentees), so we passed this request to "
            "another mentor. You can raise your capacity in your profile (",
            Command("mentor profile"),
            ").",
        ),
        summary="Your list is full",
    )


def declined_for_mentor(paused_until: date | None) -> Reply:
    extra = (
        f" You won't get new requests until {paused_until:%B} {paused_until.day}."
        if paused_until
        else ""
    )
    return reply(
        paragraph("Thanks for letting us know. We passed the request on." + extra),
        summary="Declined",
    )


def suggested_for_mentor(colleague_user_id: str) -> Reply:
    return reply(
        paragraph(
            "Thanks! We've asked ",
            Mention(colleague_user_id),
            " and told the mentee you suggested them.",
        ),
        summary="Colleague suggested",
    )


def timed_out_for_mentor() -> Reply:
    return reply(
        paragraph(
            "No answer needed any more: we passed this request to another mentor so the "
            "resident isn't kept waiting."
        ),
        summary="Request passed on",
    )


@dataclass(frozen=True)
class Unavailable:
    """The one mentor a mentee asked for by name, and why they can't be asked."""

    user_id: str
    why: str


def organizer_alert(
    mentee_user_id: str,
    goal: str,
    asked: int,
    wished: Unavailable | None = None,
    by_choice: bool = False,
) -> Reply:
    if by_choice:
        what: tuple[str | Mention, ...] = (" would like you to find them a mentor.",)
    elif wished is not None:
        what = (
            " asked for a coffee chat with ",
            Mention(wished.user_id),
            f", who can't take it on right now ({wished.why}).",
        )
    elif asked:
        what = (f" asked for help and {counted(asked, 'mentor')} could not take it on.",)
    else:
        what = (" asked for help, and no mentor whose profile fits the request is free.",)
    return reply(
        Header("A request needs a person"),
        paragraph(Mention(mentee_user_id), *what),
        Fields((("Their goal", goal),)),
        note("Please reach out to them, or suggest a mentor who could help."),
        summary="A mentoring request needs your help",
    )


def withdrawn_for_mentor(mentee_user_id: str) -> Reply:
    return reply(
        paragraph(Mention(mentee_user_id), " withdrew their request. No action needed."),
        summary="Request withdrawn",
    )

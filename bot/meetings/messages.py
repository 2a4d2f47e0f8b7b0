"""What Rounds says while finding a time: proposals, the booking, changes, feed problems."""

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.meetings.model import FeedState
from bot.replies import Choice, Choices, Mention, Reply, Span, Strong, Time, note, paragraph, reply

PICK_ACTION = "meeting.pick."
NONE_ACTION = "meeting.none"
PROPOSE_ACTION = "meeting.propose"
RESCHEDULE_ACTION = "meeting.reschedule"
CANCEL_ACTION = "meeting.cancel"
INVITE_KIND = "meeting_invite"
OFFER_KIND = "meeting_offer"
BOOKED_KIND = "meeting_booked"


def slot_label(start: datetime, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def pick_value(meeting_id: int, offer_round: int, start: datetime) -> str:
    return f"{meeting_id}:{offer_round}:{start.isoformat()}"


def read_pick(value: str) -> tuple[int, int, datetime]:
    meeting_id, offer_round, start = value.split(":", 2)
    return int(meeting_id), int(offer_round), datetime.fromisoformat(start)


def _mentions(user_ids: Sequence[str]) -> list[str | Span]:
    spans: list[str | Span] = []
    for index, user_id in enumerate(user_ids):
        spans.extend([", "] if index else [])
        spans.append(Mention(user_id))
    return spans


def offer(
    meeting_id: int,
    offer_round: int,
    slots: Sequence[datetime],
    zone: str,
    others: Sequence[str],
    *,
    decides: bool,
    minutes: int,
    picked: datetime | None = None,
) -> Reply:
    """The slots for one reader, in their zone; only someone who decides gets pick buttons.

    After a pick that others still have to match, the buttons stay so the reader can change it.
    """
    if not slots:
        return reply(
            paragraph(
                "Rounds found no time in the next two weeks that suits ",
                *_mentions(others),
                " and you. Propose one yourself, or agree on one in your conversation.",
            ),
            Choices((Choice(PROPOSE_ACTION, "Propose a time", str(meeting_id), "primary"),)),
            summary="No common time found yet",
        )
    times = [Time(start, zone, "date_time") for start in slots]
    lines = [paragraph("• ", when) for when in times]
    ask: list[str | Span] = (
        ["Pick one and Rounds sends everyone a calendar invite."]
        if decides
        else ["They pick one, and Rounds sends you a calendar invite."]
    )
    if picked is not None:
        ask = [
            "You picked ",
            Time(picked, zone, "date_time"),
            ". Rounds books it once everyone has picked the same time; you can still change it.",
        ]
    picks = (
        tuple(
            Choice(
                f"{PICK_ACTION}{index}",
                slot_label(start, zone),
                pick_value(meeting_id, offer_round, start),
                "primary" if index == 0 else None,
            )
            for index, start in enumerate(slots)
        )
        if decides
        else ()
    )
    return reply(
        paragraph(
            f"Times for a {minutes}-minute chat with ",
            *_mentions(others),
            " that fit everyone's week and calendars:",
        ),
        *lines,
        note(*ask),
        Choices(
            (
                *picks,
                Choice(NONE_ACTION, "None of these", f"{meeting_id}:{offer_round}"),
                Choice(PROPOSE_ACTION, "Propose a time", str(meeting_id)),
            )
        ),
        summary="Pick a time to meet",
    )


def booked(meeting_id: int, start: datetime, zone: str, minutes: int, video_link: str) -> Reply:
    where: list[str | Span] = [" Join: ", video_link] if video_link else []
    return reply(
        paragraph(
            Strong("Booked: "), Time(start, zone, "date_time"), f" for {minutes} minutes.", *where
        ),
        note("Everyone gets a calendar invite. Plans change? Reschedule or cancel here."),
        Choices(
            (
                Choice(RESCHEDULE_ACTION, "Reschedule", str(meeting_id)),
                Choice(CANCEL_ACTION, "Cancel", str(meeting_id), "danger"),
            )
        ),
        summary="Meeting booked",
    )


def invite_note(start: datetime, zone: str, *, update: bool, cancelled: bool) -> Reply:
    if cancelled:
        return reply(
            paragraph(
                "Cancelled: the chat on ",
                Time(start, zone, "date_time"),
                ". The attached file removes it from your calendar.",
            ),
            summary="Meeting cancelled",
        )
    change = "New time" if update else "Your calendar invite"
    return reply(
        paragraph(
            f"{change}: ",
            Time(start, zone, "date_time"),
            ". Open the attached file to add it to your calendar.",
        ),
        summary="Calendar invite",
    )


def slot_taken(start: datetime, zone: str) -> Reply:
    return reply(
        paragraph("Booked for ", Time(start, zone, "date_time"), "."), summary="Meeting booked"
    )


def waiting_for_others(start: datetime, zone: str) -> Reply:
    return reply(
        paragraph(
            "Noted: ",
            Time(start, zone, "date_time"),
            ". Rounds books it once everyone has picked the same time.",
        ),
        summary="Your pick is noted",
    )


def offer_replaced() -> Reply:
    return reply(note("These times were replaced by newer ones."), summary="Times replaced")


def offer_cancelled() -> Reply:
    return reply(
        note("This chat was cancelled: Rounds will not propose more times."), summary="Cancelled"
    )


def rescheduling() -> Reply:
    return reply(
        paragraph(
            "Rescheduling: new times are on their way. The old time stays in "
            "calendars until a new one is picked."
        ),
        summary="Rescheduling",
    )


def moved(start: datetime, zone: str) -> Reply:
    return reply(
        paragraph(
            Strong("Moved to "),
            Time(start, zone, "date_time"),
            ". Reschedule or cancel from the latest message.",
        ),
        summary="Meeting moved",
    )


def cancelled(start: datetime, zone: str) -> Reply:
    return reply(
        paragraph(Strong("Cancelled: "), "the chat on ", Time(start, zone, "date_time"), "."),
        summary="Meeting cancelled",
    )


def proposed_by(user_id: str) -> list[str | Span]:
    return [Mention(user_id), " proposed a time."]


def problem(text: str) -> Reply:
    return reply(paragraph(text), summary=text)


def feed_line(feed: FeedState, zone: str) -> tuple[str | Span, ...]:
    if feed.last_error:
        return ("⚠ ", Strong("not read: "), feed.last_error, " (booking still works)")
    if feed.fetched_at is None:
        return ("waiting for its first read",)
    return ("read ", Time(feed.fetched_at, zone, "date_time"))

"""What coffee-chat rounds say to organizers and members, as platform-neutral replies."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.coffee.cadence import CADENCE_LABELS, WEEKDAY_NAMES, Cadence
from bot.coffee.models import PairingMode
from bot.replies import (
    Choice,
    Choices,
    Command,
    Fields,
    Header,
    Mention,
    Part,
    Reply,
    Span,
    Strong,
    Time,
    bullet_list,
    counted,
    note,
    paragraph,
    reply,
    time_text,
)
from storage.coffee import ProgramState

SKIP_ACTION = "coffee_skip"
PAUSE_ACTION = "coffee_pause_open"
STAY_ACTION = "coffee_stay"
LEAVE_ACTION = "coffee_leave"

MODE_LABELS: dict[PairingMode, str] = {
    "anyone": "Anyone with anyone",
    "cross_level": "Across career stages (a mentor with mentees)",
    "cross_specialty": "Across specialties",
}
STATUS_LABELS = {
    ProgramState.ACTIVE: "Running",
    ProgramState.PAUSED: "Paused",
    ProgramState.STOPPED: "Stopped",
}


@dataclass(frozen=True)
class ProgramSettings:
    """How a channel's rounds run; ``weekday`` is 0 for Monday, ``hour`` on a 24-hour clock."""

    cadence: Cadence = "weekly"
    weekday: int = 1
    hour: int = 9
    timezone: str = "America/New_York"
    group_size: int = 2
    mode: PairingMode = "anyone"
    window: int = 12


@dataclass(frozen=True)
class LastRound:
    number: int
    held_at: datetime
    people: int
    groups: int
    sitting_out: int
    repeats: int
    unplaced: int
    met: int
    not_yet: int
    wont: int
    unanswered: int


@dataclass(frozen=True)
class ProgramStatus:
    channel: str
    settings: ProgramSettings
    status: str
    next_round_at: datetime | None
    skip_next: bool
    taking_part: int
    paused: int
    last_round: LastRound | None


@dataclass(frozen=True)
class IntroMember:
    user_id: str
    role: str | None
    specialty: str | None
    leads: bool


def channel_label(name: str | None) -> str:
    return f"#{name}" if name else "your channel"


def when(moment: datetime, zone_name: str) -> Time:
    return Time(moment, zone_name, "date_time")


def day_text(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def settings_text(settings: ProgramSettings) -> str:
    size = "pairs" if settings.group_size == 2 else "groups of three"
    return (
        f"{CADENCE_LABELS[settings.cadence]} on {WEEKDAY_NAMES[settings.weekday]} at "
        f"{settings.hour:02d}:00 ({settings.timezone}); {size}; "
        f"{MODE_LABELS[settings.mode].lower()}"
    )


def notice(*items: str | Span) -> Reply:
    """A one-paragraph answer, for organizer commands and button presses."""
    return reply(paragraph(*items))


def set_up_reply(channel: str, settings: ProgramSettings, first: datetime, posted: bool) -> Reply:
    parts: list[Part] = [
        paragraph(
            "Coffee chats are set up in ", Strong(channel), ": ", settings_text(settings), "."
        ),
        paragraph("Next round: ", when(first, settings.timezone), "."),
    ]
    if not posted:
        parts.append(
            paragraph(
                "I could not post in the channel or see who is in it. Invite me there "
                "(type /invite @Rounds in the channel) so I can introduce its members."
            )
        )
    parts.append(
        note(
            Command("coffee status"), ", pause, resume, skip-next, stop or run-now in the channel."
        )
    )
    return reply(*parts, summary=f"Coffee chats set up in {channel}")


def announcement(settings: ProgramSettings, first: datetime) -> Reply:
    return reply(
        Header("Coffee chats in this channel"),
        paragraph(
            "Every round I introduce members of this channel to each other for a short chat: ",
            settings_text(settings),
            ".",
        ),
        paragraph("First round: ", when(first, settings.timezone), "."),
        note(
            "Everyone in the channel takes part; leave the channel to leave the rounds. The day "
            "before each round you can skip it or pause. /coffee never keeps someone out of "
            "your groups, privately."
        ),
        summary="Coffee chats are on in this channel",
    )


def status_reply(status: ProgramStatus) -> Reply:
    settings = status.settings
    if status.status != ProgramState.ACTIVE or status.next_round_at is None:
        upcoming = "none while " + STATUS_LABELS[ProgramState(status.status)].lower()
    else:
        upcoming = time_text(when(status.next_round_at, settings.timezone))
        if status.skip_next:
            upcoming += " (will be skipped)"
    parts: list[Part] = [
        Header(f"Coffee chats in {status.channel}"),
        Fields(
            (
                ("Status", STATUS_LABELS[ProgramState(status.status)]),
                ("Next round", upcoming),
                ("Schedule", settings_text(settings)),
                ("Taking part", f"{status.taking_part} ({status.paused} paused)"),
            )
        ),
    ]
    last = status.last_round
    if last is None:
        parts.append(paragraph("No round has run yet."))
    else:
        parts.append(
            paragraph(
                Strong(f"Round {last.number}"),
                " on ",
                when(last.held_at, settings.timezone),
                f": {counted(last.people, 'person', 'people')} in "
                f"{counted(last.groups, 'group')}, {last.sitting_out} sitting out, "
                f"{counted(last.repeats, 'repeat pair')}, {last.unplaced} without a group.",
            )
        )
        parts.append(
            Fields(
                (
                    ("Met", str(last.met)),
                    ("Not yet", str(last.not_yet)),
                    ("Won't meet", str(last.wont)),
                    ("Groups with no answer", str(last.unanswered)),
                )
            )
        )
    return reply(*parts, summary=f"Coffee chats in {status.channel}")


def heads_up(
    channel: str, round_at: datetime, zone: str, round_id: int, program_id: int, user_id: str
) -> Reply:
    return reply(
        paragraph(
            "Tomorrow's coffee-chat round in ",
            Strong(channel),
            ": ",
            when(round_at, zone),
            ". I will introduce you to someone new from the channel.",
        ),
        paragraph("Busy? Skip this round, or pause until a date that suits you."),
        Choices(
            (
                Choice(SKIP_ACTION, "Skip this round", f"{round_id}:{user_id}"),
                Choice(PAUSE_ACTION, "Pause until…", f"{program_id}:{user_id}"),
            )
        ),
        summary=f"Coffee chat round tomorrow in {channel}",
    )


def stay_question(channel: str, program_id: int, user_id: str) -> Reply:
    return reply(
        paragraph(
            "Your last three coffee-chat introductions in ",
            Strong(channel),
            " went unanswered. Do you want to stay in?",
        ),
        paragraph("Until you answer I will leave you out of the rounds, so nobody waits for you."),
        Choices(
            (
                Choice(STAY_ACTION, "Stay in", f"{program_id}:{user_id}", "primary"),
                Choice(LEAVE_ACTION, "Leave the rounds", f"{program_id}:{user_id}"),
            )
        ),
        summary=f"Do you want to stay in the coffee chats in {channel}?",
    )


def introduction(channel: str, members: Sequence[IntroMember], starter: str) -> Reply:
    mentions: list[str | Span] = []
    for index, member in enumerate(members):
        if index:
            mentions.append(" and " if index == len(members) - 1 else ", ")
        mentions.append(Mention(member.user_id))
    lines = []
    for member in members:
        about = ", ".join(filter(None, (member.role, member.specialty)))
        line: list[str | Span] = [Mention(member.user_id), *((f" — {about}",) if about else ())]
        if member.leads:
            line.append(" (leads this chat)")
        lines.append(tuple(line))
    return reply(
        Header("Coffee chat: meet each other"),
        paragraph(
            "Hello ", *mentions, "! You are this round's coffee-chat group from ", channel, "."
        ),
        *bullet_list(lines),
        paragraph(Strong("To get you started: "), starter),
        note(
            "Find 20–30 minutes that suit you all. Halfway to the next round I will ask if you met."
        ),
        summary=f"Your coffee chat group from {channel}",
    )


def unplaced_notice(channel: str, reason: str) -> Reply:
    return notice(
        "I could not put you in a group in this coffee-chat round in ",
        Strong(channel),
        f": {reason}. You are in again next round.",
    )


def button_for_someone_else(user_id: str) -> Reply:
    return notice("This button is for ", Mention(user_id), ".")

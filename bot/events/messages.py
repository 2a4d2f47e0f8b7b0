"""What participants and organizers of a live speed-mentoring event read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.replies import (
    Choice,
    Choices,
    Fields,
    Header,
    Part,
    Reply,
    Strong,
    Time,
    bullet_list,
    note,
    paragraph,
    reply,
)

JOIN_ACTION = "speedmentor.join"
FEEDBACK_ACTION = "speedmentor.feedback"
FOLLOW_UP_ACTION = "speedmentor.followup"
CONTROL_ACTION = "speedmentor.control"
ButtonStyle = Literal["primary", "danger"] | None
CONTROLS: tuple[tuple[str, str, ButtonStyle], ...] = (
    ("start", "Start now", "primary"),
    ("pause", "Pause", None),
    ("resume", "Resume", None),
    ("extend", "Extend 2 min", None),
    ("skip", "Skip next round", None),
    ("end", "End event", "danger"),
)


@dataclass(frozen=True)
class Seat:
    """Where one person is in one round, as they are told."""

    table: str
    expert_name: str
    topic: str


def clock_time(moment: datetime, timezone: str) -> Time:
    return Time(moment, timezone, "time")


def round_title(round_number: int, rounds: int) -> str:
    return f"Round {round_number} of {rounds}"


def mentee_round(
    round_number: int, rounds: int, seat: Seat | None, ends_at: Time, event: str
) -> Reply:
    title = round_title(round_number, rounds)
    if seat is None:
        line = paragraph(f"{title} — a free round for you: stretch your legs, back soon.")
    else:
        line = paragraph(
            f"{title} — table {seat.table}: ", Strong(seat.expert_name), f" on {seat.topic}"
        )
    return reply(
        line, note(f"{event} · until ", ends_at), summary=_summary(title, seat, free="free round")
    )


def expert_round(
    round_number: int,
    rounds: int,
    table: str,
    topic: str,
    group: Sequence[str],
    ends_at: Time,
    event: str,
) -> Reply:
    title = round_title(round_number, rounds)
    if not group:
        line = paragraph(f"{title} — no group at your table this round; take a breather.")
    else:
        line = paragraph(f"{title} — table {table} ({topic}): ", Strong(", ".join(group)))
    return reply(line, note(f"{event} · until ", ends_at), summary=f"{title} — table {table}")


def _summary(title: str, seat: Seat | None, free: str) -> str:
    if seat is None:
        return f"{title} — {free}"
    return f"{title} — table {seat.table}: {seat.expert_name} on {seat.topic}"


def channel_round(
    event: str,
    round_number: int,
    rounds: int,
    tables: Sequence[tuple[str, str, str, int]],
    ends_at: Time,
) -> Reply:
    """tables: (label, expert name, topic, group size) for every open table."""
    lines = "\n".join(
        f"Table {label}: {name} on {topic} ({size})" for label, name, topic, size in tables
    )
    return reply(
        Header(f"{event}: {round_title(round_number, rounds)}"),
        paragraph(
            f"{len(tables)} tables are talking until ", ends_at, ". Check your DM for your seat."
        ),
        paragraph(lines or "No tables this round."),
        summary=f"{round_title(round_number, rounds)} has started",
    )


def channel_warning(event: str, round_number: int, left: str) -> Reply:
    return reply(
        paragraph(Strong(f"{left} left"), f" in round {round_number} of {event}: wrap up."),
        summary=f"{left} left in round {round_number}",
    )


def channel_changeover(event: str, round_number: int, next_round: int, starts_at: Time) -> Reply:
    return reply(
        paragraph(
            f"Round {round_number} of {event} is over. Change tables: round {next_round} "
            "starts at ",
            starts_at,
            ".",
        ),
        summary=f"Round {round_number} is over",
    )


def channel_notice(text: str) -> Reply:
    return reply(paragraph(text), summary=text)


def signup_post(event: str, starts: Time, topics: Sequence[str], event_id: int) -> Reply:
    parts: list[Part] = [
        Header(f"{event}: speed mentoring"),
        paragraph(
            "Starts ",
            starts,
            ". Meet several experts in short rounds at small tables. "
            "Press Join and rank the topics you care about.",
        ),
    ]
    if topics:
        parts.append(paragraph("Topics: ", ", ".join(topics)))
    parts.append(Choices((Choice(JOIN_ACTION, "Join", str(event_id), "primary"),)))
    return reply(*parts, summary=f"Join {event}")


def seat_lines(seats: Sequence[tuple[int, Seat | None]]) -> tuple[Part, ...]:
    return bullet_list(
        (f"Round {number}: ",)
        + (
            (f"table {seat.table} with ", Strong(seat.expert_name), f" on {seat.topic}")
            if seat
            else ("a free round",)
        )
        for number, seat in seats
    )


def mentee_itinerary(event: str, intro: str, seats: Sequence[tuple[int, Seat | None]]) -> Reply:
    return reply(paragraph(intro), *seat_lines(seats), note(event), summary=intro)


def waitlisted(event: str, reason: str) -> Reply:
    text = (
        f"{event} is full for now, so you are on the waitlist ({reason}). "
        "We will DM you if a seat opens."
    )
    return reply(paragraph(text), summary="You are on the waitlist")


def expert_schedule(event: str, intro: str, rounds: Sequence[tuple[int, int]]) -> Reply:
    lines = bullet_list(
        (f"Round {number}: ", f"{size} mentees" if size else "no group") for number, size in rounds
    )
    return reply(paragraph(intro), *lines, note(event), summary=intro)


def feedback_request(event: str, experts_met: Sequence[tuple[int, str]], event_id: int) -> Reply:
    """experts_met: (expert row id, name) of experts with a Slack account the mentee met."""
    parts: list[Part] = [
        Header(f"Thank you for coming to {event}"),
        paragraph(
            "Two questions, thirty seconds: how useful was it? Your answers are confidential."
        ),
        Choices((Choice(FEEDBACK_ACTION, "Give feedback", str(event_id), "primary"),)),
    ]
    if experts_met:
        parts.append(paragraph("Want to keep talking? Ask for a coffee chat:"))
        parts.append(
            Choices(
                tuple(
                    Choice(
                        f"{FOLLOW_UP_ACTION}.{row_id}",
                        f"Ask {name} for a coffee chat",
                        f"{event_id}:{row_id}",
                    )
                    for row_id, name in experts_met
                )
            )
        )
    return reply(*parts, summary=f"Thank you for coming to {event}")


def control_panel(summary_fields: tuple[tuple[str, str], ...], title: str, event_id: int) -> Reply:
    return reply(
        Header(title),
        Fields(summary_fields),
        Choices(
            tuple(
                Choice(f"{CONTROL_ACTION}.{name}", label, str(event_id), style)
                for name, label, style in CONTROLS
            )
        ),
        note("Also: /speedmentor absent @name · late @name · extend 5 · report · export"),
        summary=title,
    )


def done(text: str, *more: str) -> Reply:
    return reply(paragraph(text), *(paragraph(line) for line in more), summary=text)

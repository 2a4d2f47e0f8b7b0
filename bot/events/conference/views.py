"""What the room's pages show, as plain data read from an event's published plan.

Everything here is what a participant could see in the room anyway: tables, experts, topics
and the names seated there. No emails, rankings or absences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.events.live import timing
from bot.events.live.arrivals import held_round_numbers
from bot.events.live.rows import Loaded, is_present
from storage.events import EventStatus


class Phase(StrEnum):
    UNPUBLISHED = "unpublished"
    BEFORE = "before"
    TALKING = "talking"
    CHANGEOVER = "changeover"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class TableView:
    table: str
    expert: str
    topic: str
    people: tuple[str, ...]


@dataclass(frozen=True)
class BoardView:
    """The board: which round, how long is left (counting to ends_at), and who sits where."""

    event: str
    phase: Phase
    round_number: int
    rounds: int
    ends_at: datetime | None
    seconds_left: float | None
    server_now: datetime
    tables: tuple[TableView, ...]
    free: tuple[str, ...]
    paused_during: Phase | None = None


@dataclass(frozen=True)
class SeatStop:
    round_number: int
    table: str | None
    expert: str | None
    topic: str | None


@dataclass(frozen=True)
class SeatView:
    event: str
    name: str
    board: BoardView
    now: SeatStop | None
    next: SeatStop | None
    all_rounds: tuple[SeatStop, ...]


@dataclass(frozen=True)
class CheckinView:
    event: str
    people: tuple[tuple[int, str, bool], ...]
    topics: tuple[str, ...]
    open: bool


@dataclass(frozen=True)
class PrintView:
    event: str
    starts_at: datetime
    timezone: str
    tables: tuple[TableView, ...]
    schedule: tuple[tuple[int, tuple[TableView, ...], tuple[str, ...]], ...]


def seating(loaded: Loaded, round_number: int) -> tuple[tuple[TableView, ...], tuple[str, ...]]:
    """Each open table of that round with who sits there, and who has a free round."""
    plan = loaded.event.plan
    if plan is None:
        return (), ()
    entry = next((e for e in plan["rounds"] if e["round"] == round_number), None)
    if entry is None:
        return (), ()
    mentees = loaded.mentee_by_key()

    def names(keys: list[str]) -> tuple[str, ...]:
        present = (mentees[k] for k in keys if k in mentees)
        return tuple(m.name for m in present if is_present(m, round_number))

    tables = tuple(
        TableView(expert.table_label, expert.name, expert.topic, names(entry["tables"][key]))
        for expert in loaded.experts
        if round_number not in expert.absent_rounds
        and (key := f"e{expert.id}") in entry["tables"]
        and entry["tables"][key]
    )
    return tables, names(entry["free"])


def board(loaded: Loaded, now: datetime) -> BoardView:
    event = loaded.event
    phase, number, ends_at = _phase(loaded)
    paused_during: Phase | None = None
    if event.status == EventStatus.PAUSED:
        paused_during, phase = phase, Phase.PAUSED
    if ends_at is None:
        left = None
    elif phase is Phase.PAUSED:
        assert event.paused_at is not None
        left = max(0.0, (ends_at - event.paused_at).total_seconds())
    else:
        left = max(0.0, (ends_at - now).total_seconds())
    shows_seats = number and phase not in (Phase.ENDED, Phase.UNPUBLISHED)
    tables, free = seating(loaded, number) if shows_seats else ((), ())
    return BoardView(
        event.name, phase, number, event.rounds, ends_at, left, now, tables, free, paused_during
    )


def _phase(loaded: Loaded) -> tuple[Phase, int, datetime | None]:
    event = loaded.event
    if event.status == EventStatus.ENDED:
        return Phase.ENDED, event.current_round, None
    if event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.PAUSED):
        return Phase.UNPUBLISHED, 0, None
    if event.next_round_at is not None:
        upcoming = timing.next_round(event, event.current_round)
        phase = Phase.BEFORE if event.current_round == 0 else Phase.CHANGEOVER
        return phase, upcoming or event.current_round, event.next_round_at
    return Phase.TALKING, event.current_round, timing.round_end_at(event)


def seat(loaded: Loaded, mentee_id: int, now: datetime) -> SeatView:
    """One attendee's table now (or the one to go to) and the one after."""
    view = board(loaded, now)
    mentee = next(m for m in loaded.mentees if m.id == mentee_id)
    stops = tuple(_stop(loaded, mentee_id, r) for r in held_round_numbers(loaded))
    current = next((s for s in stops if s.round_number == view.round_number), None)
    later = [s for s in stops if s.round_number > view.round_number]
    if view.phase is Phase.ENDED:
        current, later = None, []
    return SeatView(
        loaded.event.name, mentee.name, view, current, later[0] if later else None, stops
    )


def _stop(loaded: Loaded, mentee_id: int, round_number: int) -> SeatStop:
    plan = loaded.event.plan
    key = f"m{mentee_id}"
    if plan is not None:
        entry = next((e for e in plan["rounds"] if e["round"] == round_number), None)
        for expert in loaded.experts:
            seated = entry["tables"].get(f"e{expert.id}", []) if entry else []
            if key in seated and round_number not in expert.absent_rounds:
                return SeatStop(round_number, expert.table_label, expert.name, expert.topic)
    return SeatStop(round_number, None, None, None)


def printable(loaded: Loaded) -> PrintView:
    event = loaded.event
    cards = tuple(
        TableView(e.table_label, e.name, e.topic, ())
        for e in sorted(loaded.experts, key=lambda e: _table_order(e.table_label))
    )
    schedule = tuple((r, *seating(loaded, r)) for r in held_round_numbers(loaded))
    return PrintView(event.name, event.starts_at, event.timezone, cards, schedule)


def checkin(loaded: Loaded, checked_in: set[int], is_open: bool) -> CheckinView:
    people = tuple(
        sorted(
            ((m.id or 0, m.name, (m.id or 0) in checked_in) for m in loaded.mentees),
            key=lambda p: p[1].casefold(),
        )
    )
    return CheckinView(loaded.event.name, people, loaded.topics(), is_open)


def _table_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (1 << 30, label)

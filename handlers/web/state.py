"""The board's and seat page's JSON, and the words each phase shows."""

from __future__ import annotations

from typing import Any

from bot.events.conference import BoardView, Phase, SeatStop, SeatView

HEADLINES = {
    Phase.UNPUBLISHED: "Seats are not out yet",
    Phase.BEFORE: "Find your table",
    Phase.TALKING: "Round {round} of {rounds}",
    Phase.CHANGEOVER: "Change tables now",
    Phase.PAUSED: "Paused",
    Phase.ENDED: "Thank you for coming",
}
COUNTDOWN_LABELS = {
    Phase.BEFORE: "Round {round} starts in",
    Phase.TALKING: "left in this round",
    Phase.CHANGEOVER: "Round {round} of {rounds} starts in",
    Phase.PAUSED: "The clock is stopped; stay at your table",
}


def headline(view: BoardView) -> str:
    return HEADLINES[view.phase].format(round=view.round_number, rounds=view.rounds)


def countdown_label(view: BoardView) -> str:
    label = COUNTDOWN_LABELS.get(view.phase, "")
    return label.format(round=view.round_number, rounds=view.rounds)


def clock_json(view: BoardView) -> dict[str, Any]:
    """The phase and countdown alone: what a seat page shows of the room's clock."""
    return {
        "event": view.event,
        "phase": view.phase.value,
        "round": view.round_number,
        "rounds": view.rounds,
        "headline": headline(view),
        "countdown_label": countdown_label(view),
        "seconds_left": view.seconds_left,
        "ends_at": view.ends_at.isoformat() if view.ends_at else None,
        "server_now": view.server_now.isoformat(),
    }


def board_json(view: BoardView) -> dict[str, Any]:
    return {
        **clock_json(view),
        "tables": [
            {"table": t.table, "expert": t.expert, "topic": t.topic, "people": list(t.people)}
            for t in view.tables
        ],
        "free": list(view.free),
    }


def stop_json(stop: SeatStop | None) -> dict[str, Any] | None:
    if stop is None:
        return None
    return {
        "round": stop.round_number,
        "table": stop.table,
        "expert": stop.expert,
        "topic": stop.topic,
    }


def seat_json(view: SeatView) -> dict[str, Any]:
    return {
        "name": view.name,
        "clock": clock_json(view.board),
        "now": stop_json(view.now),
        "next": stop_json(view.next),
    }

"""When an event's rounds start, warn and end, and the scheduler jobs that carry it."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.events.live.context import require
from bot.events.live.dispatch import Effects, Job
from storage.events import EventStatus
from storage.models import SpeedEvent

START_TASK = "speedmentor.round_start"
WARN_TASK = "speedmentor.round_warn"
END_TASK = "speedmentor.round_end"
WARNING_LEAD = timedelta(minutes=2)
_TASKS = {"start": START_TASK, "warn": WARN_TASK, "end": END_TASK}


def job_id(event_id: int, round_number: int, kind: str) -> str:
    return f"event:{event_id}:round:{round_number}:{kind}"


def round_length(event: SpeedEvent) -> timedelta:
    return timedelta(minutes=event.round_minutes, seconds=event.extended_seconds)


def round_end_at(event: SpeedEvent) -> datetime:
    assert event.round_started_at is not None
    return event.round_started_at + round_length(event)


def warning_lead(event: SpeedEvent) -> timedelta:
    return min(WARNING_LEAD, round_length(event) / 2)


def next_round(event: SpeedEvent, after: int) -> int | None:
    skipped = set(event.skipped_rounds)
    return next((r for r in range(after + 1, event.rounds + 1) if r not in skipped), None)


def first_open_round(event: SpeedEvent) -> int:
    """The first round not yet started, the one a repair can still change."""
    return event.current_round + 1


def held_rounds(event: SpeedEvent) -> list[int]:
    return [r for r in range(1, event.current_round + 1) if r not in event.skipped_rounds]


def is_talking(event: SpeedEvent, round_number: int) -> bool:
    """Whether that round is the one running now, between its start and its end."""
    return (
        event.status == EventStatus.RUNNING
        and event.current_round == round_number
        and event.next_round_at is None
    )


def job(event: SpeedEvent, round_number: int, kind: str, run_at: datetime) -> Job:
    event_id = require(event.id)
    return Job(job_id(event_id, round_number, kind), _TASKS[kind], run_at, event_id, round_number)


def all_jobs(event: SpeedEvent) -> list[str]:
    event_id = require(event.id)
    return [
        job_id(event_id, r, kind)
        for r in range(max(1, event.current_round), event.rounds + 1)
        for kind in _TASKS
    ]


def round_jobs(event: SpeedEvent) -> Effects:
    """The jobs the event's current phase needs, replacing any earlier ones."""
    effects = Effects()
    if event.next_round_at is not None:
        upcoming = next_round(event, event.current_round)
        if upcoming is not None:
            effects.schedule.append(job(event, upcoming, "start", event.next_round_at))
        return effects
    ends_at = round_end_at(event)
    number = event.current_round
    effects.schedule.append(job(event, number, "warn", ends_at - warning_lead(event)))
    effects.schedule.append(job(event, number, "end", ends_at))
    return effects

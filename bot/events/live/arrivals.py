"""How conference mode changes seats: no-shows freed as round 1 starts, arrivals seated, and
everyone's whole evening sent in one message."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.events import messages as text
from bot.events.live import rows
from bot.events.live.context import require
from bot.events.live.dispatch import Effects, EventKind, Outgoing
from bot.events.live.repairs import replan_open_rounds
from bot.events.live.rows import Loaded
from bot.events.model import Plan
from storage.conference import ConferenceRepository
from storage.events import EventRepository
from storage.models import EventMentee

ITINERARY_ROUND = 0


def held_round_numbers(loaded: Loaded) -> list[int]:
    skipped = set(loaded.event.skipped_rounds)
    return [r for r in range(1, loaded.event.rounds + 1) if r not in skipped]


def itineraries(store: EventRepository, loaded: Loaded) -> list[Outgoing]:
    """Each participant in Slack gets every seat of the evening in one DM; a round's own ping
    is then only a reminder."""
    event = loaded.event
    if event.plan is None:
        return []
    plan = loaded.plan()
    held = held_round_numbers(loaded)
    people = rows.everyone(store, loaded)
    experts = loaded.expert_by_key()
    waiting = {entry.mentee_id for entry in plan.waitlist}
    out: list[Outgoing] = []
    intro = f"Your seats for {event.name}, round by round:"
    for mentee in loaded.mentees:
        person = rows.person_of(people, mentee.person_id)
        key = f"m{mentee.id}"
        if person is None or key in waiting or mentee.absent_from_round is not None:
            continue
        stops = plan.itinerary(key).stops
        seats: list[tuple[int, text.Seat | None]] = []
        for number in held:
            stop = stops[number - 1]
            expert = experts.get(stop.expert_id) if stop.expert_id else None
            seat = text.Seat(expert.table_label, expert.name, expert.topic) if expert else None
            seats.append((number, seat))
        message = text.mentee_itinerary(event.name, intro, seats)
        out.append(Outgoing.direct(ITINERARY_ROUND, EventKind.SEAT, person, message))
    seats_by_round = plan.seats()
    for expert in loaded.experts:
        person = rows.person_of(people, expert.person_id)
        if person is None:
            continue
        key = f"e{expert.id}"
        sizes = [(r, len(seats_by_round.get(r, {}).get(key, ()))) for r in held]
        message = text.expert_schedule(
            event.name, f"Your table {expert.table_label} at {event.name}, round by round:", sizes
        )
        out.append(Outgoing.direct(ITINERARY_ROUND, EventKind.SEAT, person, message))
    return out


def free_no_shows(store: EventRepository, loaded: Loaded, now: datetime) -> Effects:
    """As round 1 starts, everyone who did not check in gives up their seats to those who did.

    Does nothing unless check-in was used (somebody checked in), and only once.
    """
    event_id = require(loaded.event.id)
    conference = ConferenceRepository(store.session)
    row = conference.conference(event_id)
    if row is None or row.no_shows_freed_at is not None or loaded.event.plan is None:
        return Effects()
    row.no_shows_freed_at = now
    conference.save(row)
    present = {a.mentee_id for a in conference.attendance(event_id)}
    if not present:
        return Effects()
    old_plan = loaded.plan()
    first = loaded.event.current_round + 1
    for mentee in loaded.mentees:
        if mentee.id not in present and mentee.absent_from_round is None:
            mentee.absent_from_round = first
            store.add(mentee)
    return replan_open_rounds(store, loaded, old_plan)


def seat_arrival(
    store: EventRepository, loaded: Loaded, mentee: EventMentee, old_plan: Plan | None = None
) -> Effects:
    """Seats someone who arrived once the plan is out: a walk-in (old_plan is the plan before
    they were added) or a registered attendee freed earlier as a no-show."""
    if loaded.event.plan is None:
        return Effects()
    if old_plan is None:
        if mentee.absent_from_round is None:
            return Effects()
        # Freed with a target of no meetings, they come back as a newcomer would, so the
        # replan gives them seats rather than keeping their empty evening.
        loaded.event.plan = _without(loaded.event.plan, f"m{mentee.id}")
        old_plan = loaded.plan()
        mentee.absent_from_round = None
        store.add(mentee)
    return replan_open_rounds(store, loaded, old_plan)


def _without(stored: dict[str, Any], mentee_key: str) -> dict[str, Any]:
    """The stored plan as if that mentee had never been in it."""
    return {
        **stored,
        "mentees": [m for m in stored["mentees"] if m != mentee_key],
        "participants": [p for p in stored["participants"] if p[0] != mentee_key],
        "waitlist": [w for w in stored["waitlist"] if w[0] != mentee_key],
        "rounds": [
            {
                **entry,
                "tables": {
                    expert: [m for m in seated if m != mentee_key]
                    for expert, seated in entry["tables"].items()
                },
                "free": [m for m in entry["free"] if m != mentee_key],
            }
            for entry in stored["rounds"]
        ],
    }

"""Setting an event up: creating it, its experts and mentees, sign-up, preview and publishing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.events import messages as text
from bot.events.csv_io import Parsed, parse_experts, parse_mentees
from bot.events.export import plan_lines
from bot.events.live import rows, timing
from bot.events.live.arrivals import itineraries
from bot.events.live.context import (
    ACTIVE,
    BEFORE_PUBLISHING,
    LIVE,
    EventContext,
    EventProblem,
    require,
)
from bot.events.live.dispatch import Effects, Outgoing
from bot.events.live.repairs import late_joiner
from bot.events.live.rows import EventSummary, Loaded
from bot.events.model import Plan
from bot.events.scoring import topic_key
from bot.events.stored import plan_to_json
from bot.identity import PersonRef
from bot.replies import Header, Reply, note, paragraph, reply
from storage.conference import ConferenceRepository
from storage.events import EventRepository, EventStatus
from storage.models import EventExpert, SpeedEvent

SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
MAX_ROUNDS = 20
Item = TypeVar("Item")


@dataclass(frozen=True)
class EventSettings:
    name: str
    channel_id: str
    starts_at: datetime
    timezone: str
    rounds: int
    round_minutes: int
    changeover_minutes: int
    table_min: int
    table_max: int


@dataclass(frozen=True)
class ExpertEntry:
    """An expert as the organizer types them: a workspace member or a guest's name."""

    name: str
    topic: str
    table: str
    person: PersonRef | None = None
    absent_rounds: frozenset[int] = frozenset()


def create(ctx: EventContext, organizer: PersonRef, settings: EventSettings) -> EventSummary:
    _check_settings(settings)
    with EventRepository.writing(ctx.database) as store:
        event = SpeedEvent(
            workspace_id=organizer.workspace_id,
            created_by=organizer.user_id,
            **settings.__dict__,
        )
        store.add(event)
        store.flush()
        return rows.summary(store, require(event.id))


def find(
    ctx: EventContext, workspace_id: str, channel_id: str, event_id: int | None = None
) -> EventSummary:
    """The event asked for, else the newest unfinished one in this channel, else anywhere."""
    with EventRepository.reading(ctx.database) as store:
        if event_id is not None:
            if store.event(workspace_id, event_id) is None:
                raise EventProblem(f"There is no event #{event_id}. Try /speedmentor list.")
            return rows.summary(store, event_id)
        newest_first = store.newest_events(workspace_id, 50)
        if not newest_first:
            raise EventProblem("There is no event yet. Type /speedmentor to create one.")
        # An unfinished event wins; once all are over, the latest one (for its report).
        ranked = sorted(
            newest_first,
            key=lambda e: (e.status in ACTIVE, e.channel_id == channel_id),
            reverse=True,
        )
        return rows.summary(store, require(ranked[0].id))


def summary(ctx: EventContext, event_id: int) -> EventSummary:
    with EventRepository.reading(ctx.database) as store:
        return rows.summary(store, event_id)


def list_events(ctx: EventContext, workspace_id: str) -> Reply:
    with EventRepository.reading(ctx.database) as store:
        events = store.newest_events(workspace_id, 20)
    if not events:
        return text.done("No events yet. Type /speedmentor to create one.")
    return reply(
        Header("Speed-mentoring events"),
        *(
            paragraph(
                f"#{event.id} {event.name} — {event.status}, ",
                rows.starts(event),
            )
            for event in events
        ),
        note("Add #<number> to a command to pick an event, e.g. /speedmentor publish #3"),
        summary="Speed-mentoring events",
    )


def add_expert(ctx: EventContext, event_id: int, entry: ExpertEntry) -> EventSummary:
    with _unpublished(ctx, event_id) as (store, loaded):
        _add_expert(store, loaded, entry)
        return rows.summary(store, event_id)


def import_experts(
    ctx: EventContext, event_id: int, csv_text: str, workspace_id: str
) -> EventSummary:
    experts = _rows_or_problem(parse_experts(csv_text))
    with _unpublished(ctx, event_id) as (store, loaded):
        for expert in experts:
            person = _member(workspace_id, expert.expert_id)
            entry = ExpertEntry(
                expert.name, expert.topic, expert.table, person, expert.absent_rounds
            )
            _add_expert(store, loaded, entry)
        return rows.summary(store, event_id)


def import_mentees(
    ctx: EventContext, event_id: int, csv_text: str, workspace_id: str
) -> EventSummary:
    mentees = _rows_or_problem(parse_mentees(csv_text))
    with _unpublished(ctx, event_id) as (store, loaded):
        for mentee in mentees:
            person = _member(workspace_id, mentee.mentee_id)
            rows.upsert_mentee(store, loaded, person, mentee.name, mentee.ranked_topics)
        return rows.summary(store, event_id)


def open_signup(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status not in BEFORE_PUBLISHING:
            raise EventProblem(f"{event.name} is already {event.status}; sign-up is over.")
        event.status = EventStatus.SIGNUP
        post = text.signup_post(event.name, rows.starts(event), loaded.topics(), event_id)
        effects = Effects(send=[Outgoing.channel(0, "signup-post", event.channel_id, post)])
        ctx.post.apply(store, event_id, effects)
    return text.done(f"Sign-up for {event.name} is open: the Join button is in the channel.")


def close_signup(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status != EventStatus.SIGNUP:
            raise EventProblem(f"Sign-up for {event.name} is not open ({event.status}).")
        event.status = EventStatus.CLOSED
        count = len(rows.load(store, event_id).mentees)
    return text.done(f"Sign-up for {event.name} is closed with {count} mentees.")


def join_topics(ctx: EventContext, event_id: int) -> tuple[str, tuple[str, ...]]:
    """The event's name and topics, for the Join form; refuses when joining is shut."""
    with EventRepository.reading(ctx.database) as store:
        loaded = rows.load(store, event_id)
    if loaded.event.status not in (EventStatus.SIGNUP, *LIVE):
        raise EventProblem(f"Sign-up for {loaded.event.name} is closed.")
    if not loaded.topics():
        raise EventProblem("The experts are not announced yet; try again a little later.")
    return loaded.event.name, loaded.topics()


def join(
    ctx: EventContext, event_id: int, person: PersonRef, name: str, ranked_topics: Sequence[str]
) -> Reply:
    """A mentee signs up (or, once the plan is out, joins late) with topics best first."""
    if len({topic_key(t) for t in ranked_topics}) != len(ranked_topics):
        raise EventProblem("Pick each topic once.", "rank_1")
    ranked = tuple(ranked_topics)
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status == EventStatus.SIGNUP:
            rows.upsert_mentee(store, loaded, person, name, ranked)
            return text.done(
                f"You are signed up for {event.name}. Your seats come by DM as rounds start."
            )
        if event.status not in LIVE:
            raise EventProblem(f"Sign-up for {event.name} is closed.")
        effects = late_joiner(store, loaded, person, name, ranked, ctx.search_seconds)
        ctx.post.apply(store, event_id, effects)
    return text.done(f"You are in {event.name}; your seats are in your DMs.")


def preview(ctx: EventContext, event_id: int) -> Reply:
    with EventRepository.reading(ctx.database) as store:
        loaded = rows.load(store, event_id)
    return _figures_reply(loaded.event, loaded.fresh_plan(ctx.search_seconds), "Preview")


def publish(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status not in BEFORE_PUBLISHING:
            raise EventProblem(f"{event.name} is already {event.status}.")
        plan = loaded.fresh_plan(ctx.search_seconds)
        event.plan = plan_to_json(plan, version=1)
        event.status = EventStatus.PUBLISHED
        event.next_round_at = max(event.starts_at, ctx.clock.now())
        first = timing.next_round(event, 0)
        assert first is not None
        effects = Effects(schedule=[timing.job(event, first, "start", event.next_round_at)])
        if ConferenceRepository(store.session).conference(event_id) is not None:
            effects.send.extend(itineraries(store, loaded))
        ctx.post.apply(store, event_id, effects)
    return _figures_reply(event, plan, "Published")


def _figures_reply(event: SpeedEvent, plan: Plan, title: str) -> Reply:
    return reply(
        Header(f"{title}: {event.name}"),
        *(paragraph(line) for line in plan_lines(plan)),
        note(
            "Publish with /speedmentor publish; export with /speedmentor export."
            if title == "Preview"
            else "Participants get their seats by DM as each round starts."
        ),
        summary=f"{title}: {event.name}",
    )


@contextmanager
def _unpublished(ctx: EventContext, event_id: int) -> Iterator[tuple[EventRepository, Loaded]]:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        if loaded.event.status not in BEFORE_PUBLISHING:
            raise EventProblem(
                f"{loaded.event.name} is already {loaded.event.status}: "
                "use absent or late for changes on the day."
            )
        yield store, loaded


def _rows_or_problem(parsed: Parsed[Item]) -> tuple[Item, ...]:
    if parsed.problems:
        raise EventProblem("; ".join(str(p) for p in parsed.problems[:5]), "csv")
    return parsed.items


def _member(workspace_id: str, user_id: str) -> PersonRef | None:
    """The workspace member a CSV id names; anything else is a guest without an account."""
    return PersonRef.slack(workspace_id, user_id) if SLACK_USER.match(user_id) else None


def _add_expert(store: EventRepository, loaded: Loaded, entry: ExpertEntry) -> None:
    if not entry.name.strip() or not entry.topic.strip() or not entry.table.strip():
        raise EventProblem("An expert needs a name, a topic and a table.", "name")
    person_id = store.person_id(entry.person) if entry.person else None
    labels = {e.table_label.casefold(): e for e in loaded.experts}
    clash = labels.get(entry.table.strip().casefold())
    if clash is not None and clash.person_id != person_id:
        raise EventProblem(f"Table {entry.table} is already {clash.name}'s.", "table")
    row = next((e for e in loaded.experts if person_id and e.person_id == person_id), None)
    row = (
        row
        or clash
        or EventExpert(event_id=require(loaded.event.id), name="", topic="", table_label="")
    )
    row.name, row.topic, row.table_label = (
        entry.name.strip(),
        entry.topic.strip(),
        entry.table.strip(),
    )
    row.person_id = person_id
    row.absent_rounds = sorted(entry.absent_rounds)
    store.add(row)
    store.flush()
    if row not in loaded.experts:
        loaded.experts.append(row)


def _check_settings(settings: EventSettings) -> None:
    checks = (
        (bool(settings.name.strip()), "name", "Give the event a name."),
        (bool(settings.channel_id), "channel", "Choose the channel the event runs in."),
        (1 <= settings.rounds <= MAX_ROUNDS, "rounds", f"Choose 1 to {MAX_ROUNDS} rounds."),
        (1 <= settings.round_minutes <= 120, "round_minutes", "Rounds last 1 to 120 minutes."),
        (
            0 <= settings.changeover_minutes <= 60,
            "changeover_minutes",
            "Changeovers last 0 to 60 minutes.",
        ),
        (settings.table_min >= 1, "table_min", "At least one mentee per table."),
        (
            settings.table_min <= settings.table_max <= 30,
            "table_max",
            "The largest table must be at least the smallest, and at most 30.",
        ),
    )
    for ok, field_name, message in checks:
        if not ok:
            raise EventProblem(message, field_name)
    try:
        ZoneInfo(settings.timezone)
    except (LookupError, ValueError):
        raise EventProblem("Use a time zone name such as America/New_York.", "timezone") from None

"""Repairs on the day: someone leaves or arrives late, and the rounds not yet started are replanned.

Only the people whose seats changed are told.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.events import messages as text
from bot.events.live import rows, timing
from bot.events.live.context import LIVE, EventContext, EventProblem
from bot.events.live.dispatch import Effects, EventKind, Outgoing
from bot.events.live.rows import Loaded
from bot.events.model import ItineraryStop, Plan, Replan, StopKind
from bot.events.planner import SEARCH_SECONDS, replan
from bot.events.stored import plan_to_json
from bot.identity import PersonRef
from bot.replies import Reply
from storage.events import EventRepository


def mark_absent(ctx: EventContext, event_id: int, person: PersonRef) -> Reply:
    """An expert or mentee is gone from the next round on; only moved people are told."""
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        person_id = store.person_id(person)
        from_round = timing.first_open_round(event)
        expert = next((e for e in loaded.experts if e.person_id == person_id), None)
        mentee = next((m for m in loaded.mentees if m.person_id == person_id), None)
        if expert is None and mentee is None:
            raise EventProblem(f"That person is not in {event.name}.")
        old_plan = loaded.plan() if event.plan is not None else None
        if expert is not None:
            expert.absent_rounds = sorted(
                {*expert.absent_rounds, *range(from_round, event.rounds + 1)}
            )
            store.add(expert)
        if mentee is not None and mentee.absent_from_round is None:
            mentee.absent_from_round = from_round
            store.add(mentee)
        effects = _replan(store, loaded, old_plan, from_round, ctx.search_seconds)
        ctx.post.apply(store, event_id, effects)
        who = expert or mentee
        assert who is not None
    return text.done(
        f"{who.name} is marked absent from round {from_round}.",
        f"Told {_told(effects)} whose seats changed.",
    )


def add_late(
    ctx: EventContext,
    event_id: int,
    person: PersonRef,
    name: str,
    ranked_topics: Sequence[str] = (),
) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        if loaded.event.status not in LIVE:
            raise EventProblem(
                f"{loaded.event.name} is not published yet: add them with import-mentees."
            )
        effects = late_joiner(store, loaded, person, name, tuple(ranked_topics), ctx.search_seconds)
        ctx.post.apply(store, event_id, effects)
    return text.done(
        f"{name} joins {loaded.event.name}.",
        f"Told {_told(effects)} their seats.",
    )


def late_joiner(
    store: EventRepository,
    loaded: Loaded,
    person: PersonRef,
    name: str,
    ranked_topics: tuple[str, ...],
    search_seconds: float = SEARCH_SECONDS,
) -> Effects:
    old_plan = loaded.plan()
    rows.upsert_mentee(store, loaded, person, name, ranked_topics, joined_late=True)
    from_round = timing.first_open_round(loaded.event)
    return _replan(store, loaded, old_plan, from_round, search_seconds)


def replan_open_rounds(
    store: EventRepository,
    loaded: Loaded,
    old_plan: Plan,
    search_seconds: float = SEARCH_SECONDS,
) -> Effects:
    """After the caller changed who is there, the rounds not yet started are replanned."""
    return _replan(store, loaded, old_plan, timing.first_open_round(loaded.event), search_seconds)


def _replan(
    store: EventRepository,
    loaded: Loaded,
    old_plan: Plan | None,
    from_round: int,
    search_seconds: float,
) -> Effects:
    event = loaded.event
    if old_plan is None or event.plan is None or from_round > event.rounds:
        return Effects()
    try:
        result = replan(
            old_plan,
            loaded.planner_experts(),
            loaded.planner_mentees(staying_only=True),
            loaded.spec,
            from_round,
            search_seconds=search_seconds,
        )
    except ValueError as error:
        raise EventProblem(str(error)) from error
    version = int(event.plan["version"]) + 1
    event.plan = plan_to_json(result.plan, version)
    store.add(event)
    changes = _Changes(loaded, result, from_round, version, rows.everyone(store, loaded))
    return Effects(send=[*changes.to_mentees(), *changes.to_experts()])


class _Changes:
    """The messages telling moved people their new seats from `from_round` on."""

    def __init__(
        self,
        loaded: Loaded,
        result: Replan,
        from_round: int,
        version: int,
        people: dict[int, PersonRef],
    ) -> None:
        event = loaded.event
        self.name = event.name
        self.result = result
        self.from_round = from_round
        self.version = version
        self.people = people
        self.experts = loaded.expert_by_key()
        self.mentees = loaded.mentee_by_key()
        skipped = set(event.skipped_rounds)
        self.later = [r for r in range(from_round, event.rounds + 1) if r not in skipped]

    def to_mentees(self) -> list[Outgoing]:
        plan = self.result.plan
        waiting = {entry.mentee_id: entry.reason for entry in plan.waitlist}
        out: list[Outgoing] = []
        for mentee_id in self.result.mentees_to_notify:
            person = rows.person_of(self.people, self.mentees[mentee_id].person_id)
            if person is None:
                continue
            if mentee_id in waiting:
                message = text.waitlisted(self.name, waiting[mentee_id])
            else:
                stops = plan.itinerary(mentee_id).stops
                seats = [(r, self._seat(stops[r - 1])) for r in self.later]
                intro = f"Your seats for {self.name} from round {self.from_round}:"
                message = text.mentee_itinerary(self.name, intro, seats)
            out.append(Outgoing.direct(self.version, EventKind.CHANGE, person, message))
        return out

    def to_experts(self) -> list[Outgoing]:
        seats_now = self.result.plan.seats()
        intro = f"Your table at {self.name} changed from round {self.from_round}:"
        out: list[Outgoing] = []
        for expert_id in self.result.experts_to_notify:
            person = rows.person_of(self.people, self.experts[expert_id].person_id)
            if person is None:
                continue
            sizes = [(r, len(seats_now.get(r, {}).get(expert_id, ()))) for r in self.later]
            message = text.expert_schedule(self.name, intro, sizes)
            out.append(Outgoing.direct(self.version, EventKind.CHANGE, person, message))
        return out

    def _seat(self, stop: ItineraryStop) -> text.Seat | None:
        if stop.kind is not StopKind.SEATED or stop.expert_id is None:
            return None
        expert = self.experts[stop.expert_id]
        return text.Seat(expert.table_label, expert.name, expert.topic)


def _told(effects: Effects) -> str:
    """How many people heard their seats changed, as the organizer reads it."""
    count = len([item for item in effects.send if item.kind == EventKind.CHANGE])
    return "1 person" if count == 1 else f"{count} people"

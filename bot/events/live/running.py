"""Running the clock: the organizer's controls and the timed steps of each round.

Every step is one transaction: the messages it causes are posted in it, and the jobs it
changes are booked once it commits.
"""

from __future__ import annotations

from datetime import timedelta

from bot.events import messages as text
from bot.events.live import rows, timing
from bot.events.live.afterwards import finish
from bot.events.live.arrivals import free_no_shows
from bot.events.live.context import LIVE, EventContext, EventProblem, require
from bot.events.live.dispatch import Effects, EventKind, Outgoing
from bot.events.live.rows import Loaded
from bot.identity import PersonRef
from bot.replies import Reply, time_text
from storage.events import EventRepository, EventStatus
from storage.models import EventMentee, SpeedEvent


def start_now(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        upcoming: int | None = None
        if event.status == EventStatus.PAUSED:
            effects = _resume(ctx, event)
        else:
            if (
                event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING)
                or event.next_round_at is None
            ):
                raise EventProblem(_already(event))
            upcoming = timing.next_round(event, event.current_round)
            if upcoming is None:
                raise EventProblem(f"{event.name} has no rounds left.")
            event.next_round_at = ctx.clock.now()
            effects = Effects(cancel=[timing.job_id(event_id, upcoming, "start")])
        ctx.post.apply(store, event_id, effects)
    if upcoming is None:
        return text.done(f"{event.name} goes on.")
    round_start(ctx, event_id, upcoming)
    return text.done(f"Round {upcoming} of {event.name} has started.")


def pause(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status != EventStatus.RUNNING:
            raise EventProblem(f"{event.name} is not running ({event.status}).")
        event.status = EventStatus.PAUSED
        event.paused_at = ctx.clock.now()
        effects = Effects(cancel=timing.all_jobs(event))
        notice = f"{event.name} is paused. Stay at your table; we will say when to go on."
        effects.send.append(_post(ctx, event, "pause-post", notice, unique=True))
        ctx.post.apply(store, event_id, effects)
    return text.done(f"{event.name} is paused. Press Resume (or /speedmentor resume) to go on.")


def resume(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status != EventStatus.PAUSED:
            raise EventProblem(f"{event.name} is not paused ({event.status}).")
        ctx.post.apply(store, event_id, _resume(ctx, event))
    return text.done(f"{event.name} goes on.")


def _resume(ctx: EventContext, event: SpeedEvent) -> Effects:
    assert event.paused_at is not None
    gap = ctx.clock.now() - event.paused_at
    event.status = EventStatus.RUNNING
    event.paused_at = None
    if event.next_round_at is not None:
        event.next_round_at += gap
    elif event.round_started_at is not None:
        event.round_started_at += gap
    effects = timing.round_jobs(event)
    effects.send.append(_post(ctx, event, "resume-post", f"{event.name} goes on.", unique=True))
    return effects


def extend(ctx: EventContext, event_id: int, minutes: int) -> Reply:
    if not 1 <= minutes <= 60:
        raise EventProblem("Extend by 1 to 60 minutes, e.g. /speedmentor extend 5")
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status not in (EventStatus.RUNNING, EventStatus.PAUSED):
            raise EventProblem(f"{event.name} is not running ({event.status}).")
        if event.next_round_at is not None:
            event.next_round_at += timedelta(minutes=minutes)
            upcoming = timing.next_round(event, event.current_round)
            what = f"The changeover before round {upcoming}"
        else:
            event.extended_seconds += minutes * 60
            what = f"Round {event.current_round}"
        running = event.status == EventStatus.RUNNING
        effects = timing.round_jobs(event) if running else Effects()
        notice = f"{what} of {event.name} runs {minutes} more minutes."
        effects.send.append(_post(ctx, event, "extend-post", notice, unique=True))
        ctx.post.apply(store, event_id, effects)
    return text.done(f"{what} runs {minutes} more minutes.")


def skip(ctx: EventContext, event_id: int) -> Reply:
    """Drop the next round that has not started; the one after takes its slot."""
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status not in LIVE:
            raise EventProblem(f"{event.name} is not published yet ({event.status}).")
        dropped = timing.next_round(event, event.current_round)
        if dropped is None:
            raise EventProblem(f"{event.name} has no rounds left to skip.")
        event.skipped_rounds = sorted({*event.skipped_rounds, dropped})
        effects = Effects(cancel=[timing.job_id(require(event.id), dropped, "start")])
        following = timing.next_round(event, dropped)
        in_changeover = event.next_round_at is not None
        if in_changeover and following is not None and event.status != EventStatus.PAUSED:
            assert event.next_round_at is not None
            effects.schedule.append(timing.job(event, following, "start", event.next_round_at))
        notice = f"Round {dropped} of {event.name} is skipped."
        effects.send.append(_post(ctx, event, "skip-post", notice, round_number=dropped))
        finish_now = in_changeover and following is None and event.current_round > 0
        ctx.post.apply(store, event_id, effects)
    if finish_now:
        return end(ctx, event_id)
    return text.done(f"Round {dropped} is skipped.")


def end(ctx: EventContext, event_id: int) -> Reply:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        if loaded.event.status == EventStatus.ENDED:
            return text.done(f"{loaded.event.name} has already ended.")
        ctx.post.apply(store, event_id, finish(store, loaded))
    return text.done(f"{loaded.event.name} has ended; participants got the feedback form.")


def control(ctx: EventContext, event_id: int) -> Reply:
    with EventRepository.reading(ctx.database) as store:
        summary = rows.summary(store, event_id)
        event = rows.load(store, event_id).event
    state = event.status
    if event.status in (EventStatus.RUNNING, EventStatus.PAUSED) and event.current_round:
        phase = "changeover" if event.next_round_at else "talking"
        state += f", round {event.current_round} of {event.rounds} ({phase})"
    return text.control_panel(
        (
            ("Status", state),
            ("Starts", time_text(rows.starts(event))),
            ("Experts", str(summary.experts)),
            ("Mentees", str(summary.mentees)),
        ),
        f"#{event_id} {event.name}",
        event_id,
    )


def round_start(ctx: EventContext, event_id: int, round_number: int) -> None:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING):
            return
        effects = Effects()
        if event.current_round < round_number:
            if event.current_round == 0:
                effects = free_no_shows(store, loaded, ctx.clock.now())
            event.current_round = round_number
            event.round_started_at = event.next_round_at or ctx.clock.now()
            event.next_round_at = None
            event.extended_seconds = 0
            event.status = EventStatus.RUNNING
        elif event.current_round > round_number or event.next_round_at is not None:
            return
        jobs = timing.round_jobs(event)
        effects.schedule.extend(jobs.schedule)
        effects.send.extend(_round_messages(loaded, round_number, rows.everyone(store, loaded)))
        ctx.post.apply(store, event_id, effects)


def round_warn(ctx: EventContext, event_id: int, round_number: int) -> None:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if not timing.is_talking(event, round_number):
            return
        left = _duration_text(timing.warning_lead(event))
        warning = Outgoing.channel(
            round_number,
            f"warn:{event.extended_seconds}",
            event.channel_id,
            text.channel_warning(event.name, round_number, left),
        )
        ctx.post.apply(store, event_id, Effects(send=[warning]))


def round_end(ctx: EventContext, event_id: int, round_number: int) -> None:
    with rows.editing(ctx.database, event_id) as (store, loaded):
        event = loaded.event
        if not timing.is_talking(event, round_number):
            return
        following = timing.next_round(event, round_number)
        if following is None:
            effects = finish(store, loaded)
        else:
            ended_at = timing.round_end_at(event)
            event.next_round_at = ended_at + timedelta(minutes=event.changeover_minutes)
            back_at = text.clock_time(event.next_round_at, event.timezone)
            changeover = text.channel_changeover(event.name, round_number, following, back_at)
            effects = Effects(
                schedule=[timing.job(event, following, "start", event.next_round_at)],
                send=[Outgoing.channel(round_number, "end-post", event.channel_id, changeover)],
            )
        ctx.post.apply(store, event_id, effects)


def _post(
    ctx: EventContext,
    event: SpeedEvent,
    kind: str,
    notice: str,
    *,
    unique: bool = False,
    round_number: int | None = None,
) -> Outgoing:
    # Pause, resume and extend may happen many times in one round; each gets its own key.
    suffix = f":{int(ctx.clock.now().timestamp())}" if unique else ""
    number = event.current_round if round_number is None else round_number
    notice_reply = text.channel_notice(notice)
    return Outgoing.channel(number, f"{kind}{suffix}", event.channel_id, notice_reply)


def _round_messages(
    loaded: Loaded, round_number: int, people: dict[int, PersonRef]
) -> list[Outgoing]:
    """The channel's table list, then each expert's group and each present mentee's seat."""
    event = loaded.event
    assert event.plan is not None
    seating = next(entry for entry in event.plan["rounds"] if entry["round"] == round_number)
    mentees = loaded.mentee_by_key()
    ends_at = text.clock_time(timing.round_end_at(event), event.timezone)
    out: list[Outgoing] = []
    tables: list[tuple[str, str, str, int]] = []

    def direct(person_id: int | None, message: Reply) -> None:
        person = rows.person_of(people, person_id)
        if person is not None:
            out.append(Outgoing.direct(round_number, EventKind.SEAT, person, message))

    def seat_for(group: list[EventMentee], seat: text.Seat | None) -> None:
        for mentee in group:
            if rows.is_present(mentee, round_number):
                message = text.mentee_round(round_number, event.rounds, seat, ends_at, event.name)
                direct(mentee.person_id, message)

    for expert in loaded.experts:
        if round_number in expert.absent_rounds:
            continue
        group = [mentees[m] for m in seating["tables"].get(f"e{expert.id}", [])]
        if group:
            tables.append((expert.table_label, expert.name, expert.topic, len(group)))
        names = [m.name for m in group]
        direct(
            expert.person_id,
            text.expert_round(
                round_number,
                event.rounds,
                expert.table_label,
                expert.topic,
                names,
                ends_at,
                event.name,
            ),
        )
        seat_for(group, text.Seat(expert.table_label, expert.name, expert.topic))
    seat_for([mentees[m] for m in seating["free"]], None)
    board = text.channel_round(event.name, round_number, event.rounds, tables, ends_at)
    return [Outgoing.channel(round_number, "start-post", event.channel_id, board), *out]


def _already(event: SpeedEvent) -> str:
    if event.status == EventStatus.RUNNING:
        return f"Round {event.current_round} of {event.name} is already running."
    return f"{event.name} is {event.status}; publish it first."


def _duration_text(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    return f"{seconds} seconds"

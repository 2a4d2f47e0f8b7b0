"""What organizers do with a channel's coffee chats: set them up, change, pause, stop, run now."""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.coffee.cadence import CADENCES, HEADS_UP_BEFORE, first_round_at
from bot.coffee.messages import (
    LastRound,
    ProgramSettings,
    ProgramStatus,
    announcement,
    channel_label,
    notice,
    set_up_reply,
    status_reply,
    when,
)
from bot.coffee.models import PAIRING_MODES
from bot.coffee.rounds.context import (
    NO_PROGRAM,
    ChannelKey,
    RoundsContext,
    schedule,
    unschedule,
)
from bot.coffee.rounds.membership import sync
from bot.coffee.rounds.records import (
    cancel_announced,
    did_you_meet_answers,
    find_program,
    paused_on,
    row_id,
    settings_of,
    taking_part,
)
from bot.coffee.rounds.running import run_round
from bot.identity import PersonRef
from bot.replies import Reply, Strong, counted
from storage.coffee import CoffeeRepository, ProgramState
from storage.models import CoffeeGroup, CoffeeProgram, CoffeeRound

# Rounds run by hand at most this often: a command typed twice, or by two organizers at once,
# must not introduce everyone a second time.
RUN_NOW_COOLDOWN = timedelta(hours=1)


def validate_settings(settings: ProgramSettings) -> dict[str, str]:
    """Problems with the settings, by field name, in words an organizer can act on."""
    problems: dict[str, str] = {}
    if settings.cadence not in CADENCES:
        problems["cadence"] = "Pick how often rounds run."
    if not 0 <= settings.weekday <= 6:
        problems["weekday"] = "Pick a day of the week."
    if not 0 <= settings.hour <= 23:
        problems["hour"] = "Pick an hour from 00:00 to 23:00."
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems["timezone"] = "Use a time zone name such as America/New_York or Europe/London."
    if settings.group_size not in (2, 3):
        problems["group_size"] = "Groups are of 2 or 3 people."
    if settings.mode not in PAIRING_MODES:
        problems["mode"] = "Pick who meets whom."
    if settings.window < 0:
        problems["window"] = "The repeat window cannot be negative."
    return problems


def settings_for(context: RoundsContext, key: ChannelKey, default_timezone: str) -> ProgramSettings:
    with context.database.read() as session:
        program = find_program(CoffeeRepository(session), key)
        return settings_of(program) if program else ProgramSettings(timezone=default_timezone)


def set_up(
    context: RoundsContext, organizer: PersonRef, key: ChannelKey, settings: ProgramSettings
) -> Reply:
    problems = validate_settings(settings)
    if problems:
        raise ValueError("; ".join(problems.values()))
    members = context.channels.members(key.workspace_id, key.channel_id)
    name = context.channels.name(key.workspace_id, key.channel_id)
    now = context.clock.now()
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = _program_to_set_up(coffee, organizer, key)
        program.channel_name = name or program.channel_name
        _store_settings(coffee, program, settings, now)
        sync(coffee, program, members, now)
        program_id, first = row_id(program), program.next_round_at
        label = channel_label(program.channel_name)
        assert first is not None
        announced = context.sending.announce(
            coffee, key.workspace_id, key.channel_id, announcement(settings, first)
        )
    schedule(context, program_id, first)
    posted = announced is None or not context.sending.refused(announced)
    return set_up_reply(label, settings, first, members is not None and posted)


def _program_to_set_up(
    coffee: CoffeeRepository, organizer: PersonRef, key: ChannelKey
) -> CoffeeProgram:
    creator = coffee.persons.get_or_create(organizer)
    program = find_program(coffee, key)
    if program is None:
        program = coffee.add_program(
            CoffeeProgram(
                platform=key.platform,
                workspace_id=key.workspace_id,
                channel_id=key.channel_id,
                created_by_id=creator.id,
            )
        )
    return program


def _store_settings(
    coffee: CoffeeRepository, program: CoffeeProgram, settings: ProgramSettings, now: datetime
) -> None:
    """New timing starts from the next slot; unchanged timing keeps the round coming up."""
    same_timing = (
        program.status == ProgramState.ACTIVE
        and program.next_round_at is not None
        and program.next_round_at > now + HEADS_UP_BEFORE
        and _timing(settings_of(program)) == _timing(settings)
    )
    program.cadence, program.weekday, program.hour = (
        settings.cadence,
        settings.weekday,
        settings.hour,
    )
    program.timezone, program.group_size = settings.timezone, settings.group_size
    program.mode, program.window = settings.mode, settings.window
    program.status = ProgramState.ACTIVE
    program.updated_at = now
    if not same_timing:
        program.skip_next = False
        program.next_round_at = first_round_at(
            now, settings.cadence, settings.weekday, settings.hour, settings.timezone
        )
        cancel_announced(coffee, row_id(program))


def _timing(settings: ProgramSettings) -> tuple[str, int, int, str]:
    return settings.cadence, settings.weekday, settings.hour, settings.timezone


def status(context: RoundsContext, key: ChannelKey) -> Reply:
    now = context.clock.now()
    with context.database.read() as session:
        coffee = CoffeeRepository(session)
        program = find_program(coffee, key)
        if program is None:
            return NO_PROGRAM
        today = now.astimezone(ZoneInfo(program.timezone)).date()
        present = [m for m in coffee.memberships(row_id(program)) if taking_part(m)]
        last = coffee.last_done_round(row_id(program))
        made = coffee.groups(last.id) if last and last.id else []
        frame = ProgramStatus(
            channel=channel_label(program.channel_name),
            settings=settings_of(program),
            status=program.status,
            next_round_at=program.next_round_at,
            skip_next=program.skip_next,
            taking_part=len(present),
            paused=sum(paused_on(m, today) for m in present),
            last_round=None,
        )
    if last is not None:
        answers = did_you_meet_answers(context.database, [group.id for group in made if group.id])
        frame = _with_last_round(frame, last, made, answers)
    return status_reply(frame)


def pause(context: RoundsContext, key: ChannelKey) -> Reply:
    return _halt(
        context,
        key,
        ProgramState.PAUSED,
        lambda status: status != ProgramState.ACTIVE,
        notice("Coffee chats here are paused. /coffee resume starts them again."),
    )


def _halt(
    context: RoundsContext,
    key: ChannelKey,
    to: str,
    already: Callable[[str], bool],
    done: Reply,
) -> Reply:
    """Pause or stop: no more heads-ups nor rounds, and the announced one is called off."""
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = find_program(coffee, key)
        if program is None:
            return NO_PROGRAM
        if already(program.status):
            return notice(f"The coffee chats here are already {program.status}.")
        program.status = to
        if to == ProgramState.STOPPED:
            program.next_round_at = None
        cancel_announced(coffee, row_id(program))
        program_id = row_id(program)
    unschedule(context, program_id)
    return done


def resume(context: RoundsContext, key: ChannelKey) -> Reply:
    now = context.clock.now()
    with context.database.write() as session:
        program = find_program(CoffeeRepository(session), key)
        if program is None:
            return NO_PROGRAM
        if program.status == ProgramState.ACTIVE:
            return notice("The coffee chats here are already running.")
        if program.status == ProgramState.STOPPED:
            return notice("The coffee chats here were stopped. Set them up again with /coffee.")
        settings = settings_of(program)
        program.status = ProgramState.ACTIVE
        program.next_round_at = first_round_at(
            now, settings.cadence, settings.weekday, settings.hour, settings.timezone
        )
        program_id, next_at = row_id(program), program.next_round_at
    schedule(context, program_id, next_at)
    return notice("Coffee chats resumed. Next round: ", when(next_at, settings.timezone))


def skip_next(context: RoundsContext, key: ChannelKey) -> Reply:
    with context.database.write() as session:
        program = find_program(CoffeeRepository(session), key)
        if program is None:
            return NO_PROGRAM
        if program.status != ProgramState.ACTIVE or program.next_round_at is None:
            return notice("The coffee chats here are not running, so there is nothing to skip.")
        moment = when(program.next_round_at, program.timezone)
        if program.skip_next:
            return notice("The round on ", moment, " is already being skipped.")
        program.skip_next = True
    return notice("The round on ", moment, " will be skipped; the next runs as usual.")


def stop(context: RoundsContext, key: ChannelKey) -> Reply:
    return _halt(
        context,
        key,
        ProgramState.STOPPED,
        lambda status: status == ProgramState.STOPPED,
        notice("Coffee chats here are stopped. /coffee sets them up again."),
    )


def run_now(context: RoundsContext, key: ChannelKey) -> Reply:
    now = context.clock.now()
    with context.database.read() as session:
        coffee = CoffeeRepository(session)
        program = find_program(coffee, key)
        if program is None:
            return NO_PROGRAM
        if program.status == ProgramState.STOPPED:
            return notice("The coffee chats here are stopped. Set them up again with /coffee.")
        recent = coffee.round_ran_after(row_id(program), now - RUN_NOW_COOLDOWN)
        program_id, zone = row_id(program), program.timezone
    if recent is not None and recent.ran_at is not None:
        return notice(
            f"Round {recent.number} ran at ",
            when(recent.ran_at, zone),
            ". Another can run from ",
            when(recent.ran_at + RUN_NOW_COOLDOWN, zone),
            ": an hour apart, so nobody is introduced twice by a repeated command.",
        )
    round_id = run_round(context, program_id, forced=True)
    if round_id is None:
        return notice("No round ran: there is nobody to pair in this channel yet.")
    with context.database.read() as session:
        coffee = CoffeeRepository(session)
        done, program_now = coffee.round(round_id), coffee.program(program_id)
        assert done is not None and program_now is not None
        made = coffee.groups(round_id)
        upcoming = program_now.next_round_at
    people = sum(len(group.person_ids) for group in made)
    after = (" Next round: ", when(upcoming, zone), ".") if upcoming else ()
    return notice(
        Strong(f"Round {done.number} is out"),
        f": {counted(people, 'person', 'people')} introduced in {counted(len(made), 'group')}.",
        *after,
    )


def _with_last_round(
    frame: ProgramStatus,
    last: CoffeeRound,
    made: Sequence[CoffeeGroup],
    answers: Mapping[int, Counter[str]],
) -> ProgramStatus:
    figures = last.figures
    totals: Counter[str] = Counter()
    for counter in answers.values():
        totals.update(counter)
    unanswered = sum(
        1 for group in made if sum(answers.get(row_id(group), Counter()).values()) == 0
    )
    summary = LastRound(
        number=last.number,
        held_at=last.ran_at or last.scheduled_at,
        people=sum(len(group.person_ids) for group in made),
        groups=len(made),
        sitting_out=int(figures.get("excluded", 0)),
        repeats=int(figures.get("repeats", 0)),
        unplaced=int(figures.get("unplaced", 0)),
        met=totals["yes"],
        not_yet=totals["not_yet"],
        wont=totals["wont"],
        unanswered=unanswered,
    )
    return replace(frame, last_round=summary)

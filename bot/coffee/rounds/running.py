"""The scheduled work: the day-before heads-up, and running a round when its time comes.

A round is numbered once (unique per program) and moves announced → paired → done, so a
scheduled job that runs twice never makes a second round nor introduces a group twice.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.coffee.cadence import HALF_CYCLE, HEADS_UP_BEFORE, round_after
from bot.coffee.messages import channel_label, heads_up, stay_question
from bot.coffee.rounds.context import RoundsContext, schedule
from bot.coffee.rounds.introductions import introduce
from bot.coffee.rounds.membership import sync
from bot.coffee.rounds.pairing import pair
from bot.coffee.rounds.records import (
    IGNORED_BEFORE_ASKING,
    did_you_meet_answers,
    row_id,
    settings_of,
    sitting_out,
    taking_part,
)
from bot.coffee.rounds.sending import CoffeeKind, Delivery
from storage.coffee import CoffeeRepository, ProgramState, RoundStatus
from storage.models import CoffeeProgram, CoffeeRound

# Jobs may fire a moment before the time stored on the program (clock skew between replicas).
EARLY_TOLERANCE = timedelta(minutes=5)
# Answers to the halfway "Did you meet?" count once they have had a day to come in.
ANSWERS_SETTLE = timedelta(days=1)


@dataclass(frozen=True)
class _Outside:
    """What other systems said, fetched before a transaction opens."""

    channel_members: list[str] | None
    answers: Mapping[int, Counter[str]]


@dataclass
class _Outcome:
    """What a round's transaction decided; its jobs are booked once it has committed."""

    round_id: int | None = None
    reschedule: datetime | None = None


def send_heads_up(context: RoundsContext, program_id: int) -> None:
    """The day before a round: announce it to each member, with Skip and Pause."""
    outside = _gather(context, program_id)
    if outside is None:
        return
    now = context.clock.now()
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = coffee.program(program_id)
        if program is None or program.status != ProgramState.ACTIVE or program.skip_next:
            return
        round_at = program.next_round_at
        if round_at is None or now < round_at - HEADS_UP_BEFORE - EARLY_TOLERANCE:
            return
        sync(coffee, program, outside.channel_members, now)
        context.sending.deliver(coffee, _stay_questions(coffee, program, outside.answers, now))
        latest = coffee.latest_round(program_id)
        if (
            latest is None
            or latest.status != RoundStatus.ANNOUNCED
            or latest.scheduled_at != round_at
        ):
            upcoming = _new_round(coffee, program_id, latest, round_at)
            context.sending.deliver(coffee, _heads_ups(coffee, program, upcoming))


def run_round(context: RoundsContext, program_id: int, forced: bool) -> int | None:
    """Pair and introduce the program's round; the id of the round that ran, if one did."""
    outside = _gather(context, program_id)
    if outside is None:
        return None
    now = context.clock.now()
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = coffee.program(program_id)
        if program is None or program.status == ProgramState.STOPPED:
            return None
        latest = coffee.latest_round(program_id)
        if latest is not None and latest.status == RoundStatus.PAIRED:
            outcome = _Outcome(round_id=row_id(latest))
        elif not forced and not _round_due(program, now):
            return None
        elif not forced and program.skip_next:
            outcome = _skip(program, latest, now)
        else:
            outcome = _start(context, coffee, program, latest, outside, forced, now)
        if outcome.round_id is not None:
            introduce(context, coffee, program, outcome.round_id)
    if outcome.reschedule is not None:
        schedule(context, program_id, outcome.reschedule)
    return outcome.round_id


def _skip(program: CoffeeProgram, latest: CoffeeRound | None, now: datetime) -> _Outcome:
    assert program.next_round_at is not None
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = "skipped"
    program.skip_next = False
    program.next_round_at = _next_after(program, program.next_round_at, now)
    return _Outcome(reschedule=program.next_round_at)


def _start(
    context: RoundsContext,
    coffee: CoffeeRepository,
    program: CoffeeProgram,
    latest: CoffeeRound | None,
    outside: _Outside,
    forced: bool,
    now: datetime,
) -> _Outcome:
    sync(coffee, program, outside.channel_members, now)
    context.sending.deliver(coffee, _stay_questions(coffee, program, outside.answers, now))
    outcome = _Outcome()
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        current = latest
    else:
        at = now if forced else program.next_round_at
        assert at is not None
        current = _new_round(coffee, row_id(program), latest, at)
    if pair(context, coffee, program, current, now):
        outcome.round_id = row_id(current)
    else:
        current.status = "skipped"
    if program.status == ProgramState.ACTIVE:
        program.next_round_at = outcome.reschedule = _next_after(
            program, current.scheduled_at if not forced else now, now
        )
    return outcome


def _next_after(program: CoffeeProgram, previous: datetime, now: datetime) -> datetime:
    settings = settings_of(program)
    return round_after(
        previous, now, settings.cadence, settings.weekday, settings.hour, settings.timezone
    )


def _gather(context: RoundsContext, program_id: int) -> _Outside | None:
    now = context.clock.now()
    with context.database.read() as session:
        coffee = CoffeeRepository(session)
        program = coffee.program(program_id)
        if program is None:
            return None
        workspace_id, channel_id = program.workspace_id, program.channel_id
        group_ids = [
            row_id(group)
            for past in _rounds_to_count(coffee, program, now)
            for group in coffee.groups(row_id(past))
        ]
    members = context.channels.members(workspace_id, channel_id)
    return _Outside(members, did_you_meet_answers(context.database, group_ids))


def _heads_ups(
    coffee: CoffeeRepository, program: CoffeeProgram, upcoming: CoffeeRound
) -> list[Delivery]:
    program_id, round_id, round_at = row_id(program), row_id(upcoming), upcoming.scheduled_at
    label, zone = channel_label(program.channel_name), program.timezone
    day = round_at.astimezone(ZoneInfo(zone)).date()
    return [
        Delivery(
            CoffeeKind.HEADS_UP,
            row_id(person),
            heads_up(label, round_at, zone, round_id, program_id, person.user_id),
            dedupe_key=f"{CoffeeKind.HEADS_UP}:{round_id}:{row_id(person)}",
        )
        for membership, person in coffee.members_with_people(program_id)
        if taking_part(membership) and not sitting_out(membership, day, upcoming.number)
    ]


def _new_round(
    coffee: CoffeeRepository, program_id: int, latest: CoffeeRound | None, scheduled_at: datetime
) -> CoffeeRound:
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = RoundStatus.CANCELLED
    return coffee.add_round(
        CoffeeRound(
            program_id=program_id,
            number=(latest.number if latest else 0) + 1,
            scheduled_at=scheduled_at,
            status=RoundStatus.ANNOUNCED,
        )
    )


def _round_due(program: CoffeeProgram, now: datetime) -> bool:
    return (
        program.status == ProgramState.ACTIVE
        and program.next_round_at is not None
        and now >= program.next_round_at - EARLY_TOLERANCE
    )


def _rounds_to_count(
    coffee: CoffeeRepository, program: CoffeeProgram, now: datetime
) -> list[CoffeeRound]:
    """Finished rounds whose "Did you meet?" answers are in but not yet counted."""
    settle = HALF_CYCLE[settings_of(program).cadence] + ANSWERS_SETTLE
    return [
        past
        for past in coffee.uncounted_done_rounds(row_id(program))
        if past.ran_at is not None and now >= past.ran_at + settle
    ]


def _stay_questions(
    coffee: CoffeeRepository,
    program: CoffeeProgram,
    answers: Mapping[int, Counter[str]],
    now: datetime,
) -> list[Delivery]:
    """Count unanswered introductions; ask whoever just reached three in a row."""
    program_id = row_id(program)
    members = {m.person_id: m for m in coffee.memberships(program_id)}
    asked: set[int] = set()
    for past in _rounds_to_count(coffee, program, now):
        for group in coffee.groups(row_id(past)):
            counter = answers.get(row_id(group))
            if counter is None:
                continue
            for person_id in group.person_ids:
                membership = members.get(person_id)
                if membership is None:
                    continue
                if sum(counter.values()) > 0:
                    membership.ignored_in_a_row = 0
                    continue
                membership.ignored_in_a_row += 1
                if membership.ignored_in_a_row == IGNORED_BEFORE_ASKING:
                    asked.add(person_id)
        past.ignores_counted = True
    if not asked:
        return []
    label = channel_label(program.channel_name)
    people = coffee.people(sorted(asked))
    return [
        Delivery(
            CoffeeKind.STAY_QUESTION,
            row_id(person),
            stay_question(label, program_id, person.user_id),
        )
        for person in people
        if taking_part(members[row_id(person)])
    ]

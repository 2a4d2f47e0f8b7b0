"""Who takes part: joining, leaving, skipping or pausing, and following the channel's members."""

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.coffee.messages import button_for_someone_else, day_text, notice, when
from bot.coffee.rounds.context import NO_PROGRAM, NOT_IN_ROUNDS, ChannelKey, RoundsContext
from bot.coffee.rounds.records import (
    IGNORED_BEFORE_ASKING,
    find_program,
    membership_of,
    row_id,
    taking_part,
)
from bot.identity import PersonRef
from bot.replies import Reply, Strong
from storage.coffee import CoffeeRepository, RoundStatus
from storage.models import CoffeeMembership, CoffeeProgram


def skip_round(
    context: RoundsContext, presser: PersonRef, round_id: int, for_user_id: str
) -> Reply:
    if presser.user_id != for_user_id:
        return button_for_someone_else(for_user_id)
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        upcoming = coffee.round(round_id)
        if upcoming is None or upcoming.status != RoundStatus.ANNOUNCED:
            return notice("That round has already started or was called off; nothing changed.")
        membership = membership_of(coffee, presser, upcoming.program_id)
        if membership is None or not taking_part(membership):
            return NOT_IN_ROUNDS
        program = coffee.program(upcoming.program_id)
        assert program is not None
        moment = when(upcoming.scheduled_at, program.timezone)
        if membership.skip_round_number == upcoming.number:
            return notice("You are already skipping the round on ", moment, ".")
        membership.skip_round_number = upcoming.number
    return notice("Done: you skip the round on ", moment, ". You are in for the next.")


def pause_member(context: RoundsContext, presser: PersonRef, program_id: int, until: date) -> Reply:
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = coffee.program(program_id)
        membership = membership_of(coffee, presser, program_id)
        if program is None or membership is None or not taking_part(membership):
            return NOT_IN_ROUNDS
        today = context.clock.now().astimezone(ZoneInfo(program.timezone)).date()
        if until <= today:
            return notice("Pick a date after today to pause until.")
        if membership.paused_until == until:
            return notice("You are already paused until ", Strong(day_text(until)), ".")
        membership.paused_until = until
    return notice(
        "Paused until ", Strong(day_text(until)), ": no coffee-chat introductions until then."
    )


def answer_stay(
    context: RoundsContext, presser: PersonRef, program_id: int, for_user_id: str, stay: bool
) -> Reply:
    if presser.user_id != for_user_id:
        return button_for_someone_else(for_user_id)
    with context.database.write() as session:
        membership = membership_of(CoffeeRepository(session), presser, program_id)
        if membership is None or not membership.active:
            return NOT_IN_ROUNDS
        return _set_taking_part(membership, stay)


def opt(context: RoundsContext, person: PersonRef, key: ChannelKey, stay: bool) -> Reply:
    """/coffee join (stay) or /coffee leave in the channel."""
    now = context.clock.now()
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = find_program(coffee, key)
        if program is None:
            return NO_PROGRAM
        membership = membership_of(coffee, person, row_id(program))
        if membership is None:
            someone = coffee.persons.get_or_create(person)
            membership = coffee.ensure_membership(row_id(program), row_id(someone), now)
        membership.active, membership.left_at = True, None
        return _set_taking_part(membership, stay)


def follow_channel(
    context: RoundsContext, person: PersonRef, channel_id: str, joined: bool
) -> None:
    """Someone joined or left the channel: in from the next round, or out at once."""
    now = context.clock.now()
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        program = find_program(coffee, ChannelKey.of(person, channel_id))
        if program is None:
            return
        if joined:
            someone = coffee.persons.get_or_create(person)
            membership = coffee.ensure_membership(row_id(program), row_id(someone), now)
            membership.active, membership.left_at = True, None
            return
        left = membership_of(coffee, person, row_id(program))
        if left is not None and left.active:
            left.active, left.left_at = False, now


def never_pair(context: RoundsContext, person: PersonRef) -> list[str]:
    with context.database.read() as session:
        coffee = CoffeeRepository(session)
        found = coffee.persons.find(person)
        profile = coffee.profile(row_id(found)) if found else None
        if profile is None or not profile.never_pair:
            return []
        others = coffee.people(profile.never_pair)
        return sorted(other.user_id for other in others)


def set_never_pair(context: RoundsContext, person: PersonRef, user_ids: Iterable[str]) -> Reply:
    now = context.clock.now()
    wanted = sorted(set(user_ids) - {person.user_id})
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        me = coffee.persons.get_or_create(person)
        others = [
            row_id(
                coffee.persons.get_or_create(PersonRef(person.platform, person.workspace_id, user))
            )
            for user in wanted
        ]
        profile = coffee.ensure_profile(row_id(me))
        profile.never_pair = others
        profile.updated_at = now
    if not wanted:
        return notice("Your never-pair list is empty: you can be grouped with anyone.")
    count = "1 person" if len(wanted) == 1 else f"{len(wanted)} people"
    return notice(
        f"Saved: I will never put you in a coffee-chat group with {count} on your list. "
        "Only you can see it."
    )


def sync(
    coffee: CoffeeRepository, program: CoffeeProgram, user_ids: list[str] | None, now: datetime
) -> None:
    """Memberships follow the channel; None (the platform did not answer) changes nothing."""
    if user_ids is None:
        return
    program_id = row_id(program)
    present = set(user_ids)
    known = {
        person.user_id: person
        for person in coffee.people_by_user_id(program.platform, program.workspace_id, present)
    }
    for user_id in sorted(present - known.keys()):
        known[user_id] = coffee.persons.get_or_create(
            PersonRef(program.platform, program.workspace_id, user_id)
        )
    in_channel = {row_id(person) for person in known.values()}
    stored = {m.person_id: m for m in coffee.memberships(program_id)}
    for person_id in in_channel:
        membership = stored.get(person_id) or coffee.ensure_membership(program_id, person_id, now)
        if not membership.active:
            membership.active, membership.left_at = True, None
    for person_id, membership in stored.items():
        if membership.active and person_id not in in_channel:
            membership.active, membership.left_at = False, now


def _set_taking_part(membership: CoffeeMembership, stay: bool) -> Reply:
    if stay:
        already = not membership.opted_out and membership.ignored_in_a_row < IGNORED_BEFORE_ASKING
        membership.opted_out, membership.ignored_in_a_row = False, 0
        if already:
            return notice("You are already in the coffee chats here.")
        return notice("Glad you are staying: you are in the next coffee-chat round.")
    if membership.opted_out:
        return notice("You have already left these coffee chats.")
    membership.opted_out = True
    return notice(
        "You have left these coffee chats. Type /coffee join in the channel to come back."
    )

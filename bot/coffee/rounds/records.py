"""The stored programs, memberships, rounds and groups, as every part of the rounds needs them."""

from datetime import date
from typing import cast

from bot.coffee.cadence import Cadence
from bot.coffee.messages import ProgramSettings
from bot.coffee.models import PairingMode
from bot.coffee.rounds.context import ChannelKey
from bot.identity import PersonRef
from storage.coffee import CoffeeRepository, RoundStatus, Session
from storage.models import CoffeeGroup, CoffeeMembership, CoffeeProgram, CoffeeRound, Person
from storage.people import PersonRepository

IGNORED_BEFORE_ASKING = 3


def row_id(row: Person | CoffeeRound | CoffeeGroup | CoffeeProgram) -> int:
    assert row.id is not None
    return row.id


def ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)


def settings_of(program: CoffeeProgram) -> ProgramSettings:
    return ProgramSettings(
        cadence=cast(Cadence, program.cadence),
        weekday=program.weekday,
        hour=program.hour,
        timezone=program.timezone,
        group_size=program.group_size,
        mode=cast(PairingMode, program.mode),
        window=program.window,
    )


def find_program(session: Session, key: ChannelKey) -> CoffeeProgram | None:
    return CoffeeRepository(session).program_in_channel(
        key.platform, key.workspace_id, key.channel_id
    )


def memberships(session: Session, program_id: int) -> list[CoffeeMembership]:
    return CoffeeRepository(session).memberships(program_id)


def membership_of(session: Session, person: PersonRef, program_id: int) -> CoffeeMembership | None:
    found = PersonRepository(session).find(person)
    if found is None:
        return None
    return CoffeeRepository(session).membership(program_id, row_id(found))


def taking_part(membership: CoffeeMembership) -> bool:
    """In the channel and not opted out: gets heads-ups and counts as taking part."""
    return membership.active and not membership.opted_out


def paused_on(membership: CoffeeMembership, day: date) -> bool:
    return membership.paused_until is not None and membership.paused_until >= day


def sitting_out(membership: CoffeeMembership, day: date, number: int) -> bool:
    return (
        paused_on(membership, day)
        or membership.skip_round_number == number
        or membership.ignored_in_a_row >= IGNORED_BEFORE_ASKING
    )


def groups(session: Session, round_id: int | None) -> list[CoffeeGroup]:
    return CoffeeRepository(session).groups(round_id)


def cancel_announced(session: Session, program_id: int) -> None:
    latest = CoffeeRepository(session).latest_round(program_id)
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = RoundStatus.CANCELLED

"""The stored programs, memberships, rounds and groups, as every part of the rounds needs them."""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import cast

from bot.checkins.model import Kind
from bot.coffee.cadence import Cadence
from bot.coffee.messages import ProgramSettings
from bot.coffee.models import PairingMode
from bot.coffee.rounds.context import ChannelKey
from bot.coffee.rounds.sending import COFFEE_GROUP
from bot.identity import PersonRef
from storage.coffee import CoffeeRepository, RoundStatus
from storage.db import Database
from storage.models import CoffeeGroup, CoffeeMembership, CoffeeProgram, CoffeeRound, Person
from storage.prompts import PromptRepository

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


def find_program(coffee: CoffeeRepository, key: ChannelKey) -> CoffeeProgram | None:
    return coffee.program_in_channel(key.platform, key.workspace_id, key.channel_id)


def membership_of(
    coffee: CoffeeRepository, person: PersonRef, program_id: int
) -> CoffeeMembership | None:
    found = coffee.persons.find(person)
    if found is None:
        return None
    return coffee.membership(program_id, row_id(found))


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


def cancel_announced(coffee: CoffeeRepository, program_id: int) -> None:
    latest = coffee.latest_round(program_id)
    if latest is not None and latest.status == RoundStatus.ANNOUNCED:
        latest.status = RoundStatus.CANCELLED


def did_you_meet_answers(database: Database, group_ids: Sequence[int]) -> dict[int, Counter[str]]:
    """Per coffee group that was asked "Did you meet?", how many gave each answer."""
    if not group_ids:
        return {}
    with database.read() as session:
        return PromptRepository(session).answer_counts(Kind.DID_YOU_MEET, COFFEE_GROUP, group_ids)

"""Introducing a round's groups, each once, then telling whoever could not be placed."""

from dataclasses import replace
from datetime import datetime

from bot.coffee.cadence import HALF_CYCLE
from bot.coffee.messages import IntroMember, channel_label, introduction, unplaced_notice
from bot.coffee.models import Member
from bot.coffee.rounds.context import RoundsContext
from bot.coffee.rounds.pairing import engine_members, profiles, stage
from bot.coffee.rounds.records import groups, ref, row_id, settings_of
from bot.coffee.rounds.sending import Delivery
from bot.coffee.starters import conversation_starter
from bot.domain import CoffeeGroupIntroduced, record
from storage.coffee import CoffeeRepository, RoundStatus
from storage.models import CoffeeGroup, CoffeeProgram, CoffeeRound, Person, Profile


def introduce(context: RoundsContext, round_id: int) -> None:
    """One group message per group not yet introduced, then the round is done."""
    with context.database.read() as session:
        current = session.get(CoffeeRound, round_id)
        assert current is not None
        program = session.get(CoffeeProgram, current.program_id)
        assert program is not None
        waiting = [group for group in groups(session, round_id) if group.introduced_at is None]
        label = channel_label(program.channel_name)
        due = (current.ran_at or context.clock.now()) + HALF_CYCLE[settings_of(program).cadence]
    for group in waiting:
        _introduce_group(context, row_id(group), label, current.seed, due)
    unplaced: list[Delivery] = []
    with context.database.write() as session:
        current = session.get(CoffeeRound, round_id)
        assert current is not None
        if current.status != RoundStatus.PAIRED:
            return
        current.status = RoundStatus.DONE
        reasons = {int(pid): str(reason) for pid, reason in current.figures["unplaced_people"]}
        if reasons:
            people = CoffeeRepository(session).people(reasons)
            unplaced = [
                Delivery(ref(person), unplaced_notice(label, reasons[row_id(person)]))
                for person in people
            ]
    context.sending.deliver(unplaced)


def _introduce_group(
    context: RoundsContext, group_id: int, label: str, seed: int, due: datetime
) -> None:
    with context.database.write() as session:
        group = session.get(CoffeeGroup, group_id)
        if group is None or group.introduced_at is not None:
            return
        # Claimed before sending: a concurrent or repeated run never sends it twice.
        group.introduced_at = context.clock.now()
        people = {
            row_id(person): person for person in CoffeeRepository(session).people(group.person_ids)
        }
        known = profiles(session, group.person_ids)
        person_ids = list(group.person_ids)
        intro_members = [
            _intro_member(people[pid], known.get(pid), pid == group.mentor_id) for pid in person_ids
        ]
        starter = conversation_starter(
            _starter_members(engine_members(person_ids, known, frozenset())), seed=seed
        )
        refs = [ref(people[pid]) for pid in person_ids]
    message = introduction(label, intro_members, starter)
    conversation_id = context.sending.introduce(group_id, refs, message)
    if conversation_id is None:
        return
    with context.database.write() as session:
        stored = session.get(CoffeeGroup, group_id)
        assert stored is not None
        stored.conversation_id = conversation_id
        record(
            session, CoffeeGroupIntroduced(group_id, tuple(person_ids), due), context.clock.now()
        )


def _intro_member(person: Person, profile: Profile | None, leads: bool) -> IntroMember:
    known = stage(profile)
    return IntroMember(
        user_id=person.user_id,
        role=known.label if known else "Career stage not shared",
        specialty=profile.specialty if profile else None,
        leads=leads,
    )


def _starter_members(members: list[Member]) -> list[Member]:
    """A specialty only some of the group have is not one they share, so it is left out."""
    if all(member.specialty for member in members):
        return members
    return [replace(member, specialty=None) for member in members]

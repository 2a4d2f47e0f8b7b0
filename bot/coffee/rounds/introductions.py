"""Introducing a round's groups, each once, then telling whoever could not be placed."""

from dataclasses import replace

from bot.coffee.cadence import HALF_CYCLE
from bot.coffee.messages import IntroMember, channel_label, introduction, unplaced_notice
from bot.coffee.models import Member
from bot.coffee.rounds.context import RoundsContext
from bot.coffee.rounds.pairing import engine_members, stage
from bot.coffee.rounds.records import row_id, settings_of
from bot.coffee.rounds.sending import CoffeeKind, Delivery
from bot.coffee.starters import conversation_starter
from bot.domain import CoffeeGroupIntroduced, record
from bot.matching.vocabulary import load_vocabulary
from bot.messaging import SentMessage
from storage.coffee import CoffeeRepository, RoundStatus
from storage.models import CoffeeGroup, CoffeeProgram, Person, Profile
from storage.models import Prompt as OutboxRow


def introduce(
    context: RoundsContext, coffee: CoffeeRepository, program: CoffeeProgram, round_id: int
) -> None:
    """In the pairing's transaction: one group message per group, then the round is done."""
    current = coffee.round(round_id)
    assert current is not None
    if current.status != RoundStatus.PAIRED:
        return
    label = channel_label(program.channel_name)
    now = context.clock.now()
    for group in coffee.groups(round_id):
        if group.introduced_at is None:
            _introduce_group(context, coffee, group, label, current.seed)
            group.introduced_at = now
    current.status = RoundStatus.DONE
    reasons = {int(pid): str(reason) for pid, reason in current.figures["unplaced_people"]}
    context.sending.deliver(
        coffee,
        [
            Delivery(
                CoffeeKind.UNPLACED,
                row_id(person),
                unplaced_notice(label, reasons[row_id(person)]),
                dedupe_key=f"{CoffeeKind.UNPLACED}:{round_id}:{row_id(person)}",
            )
            for person in (coffee.people(reasons) if reasons else [])
        ],
    )


def keep_conversation(context: RoundsContext, sent: OutboxRow, where: SentMessage) -> None:
    """Once a group's introduction is out: where it went, and "Did you meet?" halfway on."""
    group_id = sent.subject_id
    with context.database.write() as session:
        coffee = CoffeeRepository(session)
        group = coffee.group(group_id)
        current = coffee.round(group.round_id) if group else None
        program = coffee.program(current.program_id) if current else None
        if group is None or current is None or program is None:
            return
        group.conversation_id = where.conversation_id
        ran_at = current.ran_at or context.clock.now()
        due = ran_at + HALF_CYCLE[settings_of(program).cadence]
        introduced = CoffeeGroupIntroduced(group_id, tuple(group.person_ids), due)
        record(session, introduced, context.clock.now())


def _introduce_group(
    context: RoundsContext, coffee: CoffeeRepository, group: CoffeeGroup, label: str, seed: int
) -> None:
    people = {row_id(person): person for person in coffee.people(group.person_ids)}
    known = coffee.profiles(group.person_ids)
    person_ids = list(group.person_ids)
    intro_members = [
        _intro_member(people[pid], known.get(pid), pid == group.mentor_id) for pid in person_ids
    ]
    starter = conversation_starter(
        _starter_members(engine_members(person_ids, known, frozenset())), seed=seed
    )
    message = introduction(label, intro_members, starter)
    context.sending.introduce(coffee, row_id(group), person_ids, message)


def _intro_member(person: Person, profile: Profile | None, leads: bool) -> IntroMember:
    known = stage(profile)
    return IntroMember(
        user_id=person.user_id,
        role=known.label if known else None,
        specialty=_words(profile.specialty) if profile else None,
        leads=leads,
    )


def _words(concept_id: str | None) -> str | None:
    return load_vocabulary().words(concept_id) if concept_id else None


def _starter_members(members: list[Member]) -> list[Member]:
    """A specialty only some of the group have is not one they share, so it is left out."""
    shared = all(member.specialty for member in members)
    return [
        replace(
            member,
            specialty=_words(member.specialty) if shared else None,
            topics=frozenset(load_vocabulary().words(t) for t in member.topics),
        )
        for member in members
    ]

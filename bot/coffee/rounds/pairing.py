"""Making a round's groups: the channel's members and history in, stored groups out."""

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.assessment import kept_apart_among, with_kept_apart
from bot.career import CareerStage
from bot.coffee.engine import pair_members
from bot.coffee.models import Member, PairingRequest, PastRound
from bot.coffee.rounds.context import RoundsContext
from bot.coffee.rounds.records import row_id, settings_of, sitting_out, taking_part
from storage.assessment import AssessmentRepository
from storage.coffee import CoffeeRepository, RoundStatus
from storage.models import CoffeeGroup, CoffeeProgram, CoffeeRound, Profile


def pair(
    context: RoundsContext,
    coffee: CoffeeRepository,
    program: CoffeeProgram,
    current: CoffeeRound,
    now: datetime,
) -> bool:
    """Make the round's groups; False when nobody is available at all."""
    program_id = row_id(program)
    day = current.scheduled_at.astimezone(ZoneInfo(program.timezone)).date()
    present = [
        (membership, person)
        for membership, person in coffee.members_with_people(program_id)
        if taking_part(membership)
    ]
    excluded = frozenset(
        str(person.id)
        for membership, person in present
        if sitting_out(membership, day, current.number)
    )
    person_ids = [row_id(person) for _, person in present]
    apart = kept_apart_among(AssessmentRepository(coffee.session), program.workspace_id, person_ids)
    members = [
        with_kept_apart(member, apart)
        for member in engine_members(person_ids, coffee.profiles(person_ids), excluded)
    ]
    if all(member.person_id in excluded for member in members):
        return False
    settings = settings_of(program)
    current.seed = context.seed_for(program_id, current.number)
    result = pair_members(
        PairingRequest(
            members=members,
            history=_history(coffee, program_id, settings.window),
            group_size=settings.group_size,
            mode=settings.mode,
            window=settings.window,
            seed=current.seed,
            excluded=excluded,
        )
    )
    coffee.add_groups(
        CoffeeGroup(
            round_id=row_id(current),
            person_ids=[int(person) for person in group.person_ids],
            mentor_id=int(group.mentor_id) if group.mentor_id else None,
        )
        for group in result.groups
    )
    current.status, current.ran_at = RoundStatus.PAIRED, now
    current.figures = {
        **asdict(result.figures),
        "unplaced_people": [[int(u.person_id), u.reason] for u in result.unplaced],
    }
    return True


def stage(profile: Profile | None) -> CareerStage | None:
    if profile is None or profile.career_stage is None:
        return None
    try:
        return CareerStage(profile.career_stage)
    except ValueError:
        return None


def engine_members(
    person_ids: Sequence[int], profiles: Mapping[int, Profile], excluded: frozenset[str]
) -> list[Member]:
    """Engine members; in cross-level rounds the most senior level present leads the groups.

    Without a profile someone counts as a resident-level mentee with no specialty.
    """
    levels = {}
    for person_id in person_ids:
        known = stage(profiles.get(person_id))
        levels[person_id] = known.level if known else 1
    present_levels = {level for pid, level in levels.items() if str(pid) not in excluded}
    lead_level = max(present_levels) if len(present_levels) > 1 else None
    members = []
    for person_id in person_ids:
        profile = profiles.get(person_id)
        members.append(
            Member(
                person_id=str(person_id),
                level=levels[person_id],
                is_mentor=levels[person_id] == lead_level,
                specialty=profile.specialty if profile else None,
                topics=frozenset(profile.topics) if profile else frozenset(),
                never_pair=frozenset(str(other) for other in profile.never_pair)
                if profile
                else frozenset(),
            )
        )
    return members


def _history(coffee: CoffeeRepository, program_id: int, window: int) -> list[PastRound]:
    """The last ``window`` rounds that ran, renumbered so skipped rounds do not count."""
    if window <= 0:
        return []
    ran = coffee.recent_ran_rounds(program_id, window)
    history = []
    for index, past in enumerate(ran, start=1):
        made = tuple(
            tuple(str(person) for person in group.person_ids) for group in coffee.groups(past.id)
        )
        history.append(PastRound(index, made))
    return history

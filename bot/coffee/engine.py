"""Pairs channel members into coffee-chat groups for one round.

The shape of the round (how many groups of which size, and in cross-level rounds which
seats are for mentors) is fixed first; then people are dealt into the seats by a
randomised greedy pass and improved by swapping people of the same role between groups
(`bot.coffee.seating`).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

from bot.coffee.models import (
    PAIRING_MODES,
    Group,
    Member,
    PairingRequest,
    PairingResult,
    Repeat,
    RoundFigures,
    Unplaced,
)
from bot.coffee.seating import (
    SeatingProblem,
    best_attempt,
    meetings_in_window,
    repair,
    templates_for,
)

__all__ = ["find_repeats", "meetings_in_window", "pair_members", "round_figures"]


LONE_MEMBER_REASON = "the only member available this round, so there is nobody to meet"
NEVER_PAIR_REASON = "never-pair settings rule out every group this round"


def find_repeats(request: PairingRequest, groups: Iterable[Group]) -> tuple[Repeat, ...]:
    """Pairs in ``groups`` that already met within the request's window, oldest id first."""
    met = meetings_in_window(request.history, request.window)
    repeats = [
        (first, second, met[first, second])
        for group in groups
        for first, second in combinations(sorted(group.person_ids), 2)
        if (first, second) in met
    ]
    return tuple(sorted(repeats))


def round_figures(
    request: PairingRequest, groups: Sequence[Group], unplaced: Sequence[Unplaced] = ()
) -> RoundFigures:
    """Counts for a round's groups, whether made by ``pair_members`` or edited by hand."""
    by_id = {member.person_id: member for member in request.members}
    grouped = [
        [by_id[person] for person in group.person_ids if person in by_id] for group in groups
    ]
    mentor_counts = [sum(member.is_mentor for member in group) for group in grouped]
    return RoundFigures(
        members_available=sum(person not in request.excluded for person in by_id),
        excluded=sum(person in request.excluded for person in by_id),
        groups=len(groups),
        group_sizes=tuple(sorted(Counter(len(group.person_ids) for group in groups).items())),
        repeats=len(find_repeats(request, groups)),
        unplaced=len(unplaced),
        same_specialty_groups=sum(_shares_specialty(group) for group in grouped),
        mentor_led_groups=sum(
            0 < mentors < len(group) for mentors, group in zip(mentor_counts, grouped, strict=True)
        ),
        groups_without_mentor=sum(mentors == 0 for mentors in mentor_counts),
    )


def pair_members(request: PairingRequest) -> PairingResult:
    """Group this round's members so that nobody meets someone they met recently.

    Excluded members never appear and never-pair settings always hold; anyone those rules
    (or being alone) make impossible to place is listed in ``unplaced`` with a reason.
    The same request always gives the same result; another seed gives another round.
    """
    _validate(request)
    present = sorted(
        (member for member in request.members if member.person_id not in request.excluded),
        key=lambda member: member.person_id,
    )
    if len(present) < 2:
        alone = tuple(Unplaced(member.person_id, LONE_MEMBER_REASON) for member in present)
        return _result(request, present, [], alone)
    problem = SeatingProblem(present, request)
    seated = best_attempt(problem, templates_for(problem, request), request.seed)
    placed, unplaced_indices = repair(problem, seated)
    unplaced = tuple(
        Unplaced(present[index].person_id, NEVER_PAIR_REASON) for index in unplaced_indices
    )
    return _result(request, present, placed, unplaced)


def _validate(request: PairingRequest) -> None:
    if request.group_size not in (2, 3):
        raise ValueError(f"group size must be 2 or 3, not {request.group_size}")
    if request.mode not in PAIRING_MODES:
        raise ValueError(f"unknown pairing mode {request.mode!r}")
    if request.window < 0:
        raise ValueError("the repeat window cannot be negative")
    counts = Counter(member.person_id for member in request.members)
    duplicated = sorted(person for person, count in counts.items() if count > 1)
    if duplicated:
        raise ValueError(f"members listed twice: {', '.join(duplicated)}")


def _result(
    request: PairingRequest,
    present: Sequence[Member],
    groups: list[list[int]],
    unplaced: tuple[Unplaced, ...],
) -> PairingResult:
    cross_level = request.mode == "cross_level"
    made = tuple(
        sorted((_as_group(present, group, cross_level) for group in groups), key=_group_order)
    )
    return PairingResult(
        groups=made,
        repeats=find_repeats(request, made),
        figures=round_figures(request, made, unplaced),
        unplaced=unplaced,
    )


def _as_group(present: Sequence[Member], group: list[int], cross_level: bool) -> Group:
    members = [present[index] for index in group]
    mentors = [member for member in members if member.is_mentor] if cross_level else []
    if not mentors or len(mentors) == len(members):
        return Group(tuple(sorted(member.person_id for member in members)))
    lead = min(mentors, key=lambda member: (-member.level, member.person_id))
    others = sorted(member.person_id for member in members if member is not lead)
    return Group((lead.person_id, *others), mentor_id=lead.person_id)


def _group_order(group: Group) -> tuple[str, ...]:
    return group.person_ids


def _shares_specialty(group: Sequence[Member]) -> bool:
    names = [
        member.specialty.strip().casefold()
        for member in group
        if member.specialty and member.specialty.strip()
    ]
    return len(names) != len(set(names))

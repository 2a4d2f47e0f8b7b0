"""Pairs channel members into coffee-chat groups for one round.

The shape of the round (how many groups of which size, and in cross-level rounds which
seats are for mentors) is fixed first; then people are dealt into the seats by a
randomised greedy pass and improved by swapping people of the same role between groups.
Every rule is a cost on a pair of people sitting together, so a swap only has to look
at the two groups involved. Costs are ordered so that a broken never-pair outweighs any
number of repeats, one more repeat outweighs any recency, and recency outweighs the soft
level and specialty preferences.
"""

import random
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

from bot.coffee.models import (
    PAIRING_MODES,
    Group,
    Member,
    PairingRequest,
    PairingResult,
    PastRound,
    Repeat,
    RoundFigures,
    Unplaced,
)
from bot.coffee.shape import (
    MENTEE,
    MENTOR,
    GroupTemplate,
    cross_level_templates,
    plain_templates,
)

NEVER_PAIR_COST = 10**15
REPEAT_COST = 10**9
RECENCY_COST = 10**4
LEVEL_MISMATCH_COST = 100
SAME_SPECIALTY_COST = 1

LONE_MEMBER_REASON = "the only member available this round, so there is nobody to meet"
NEVER_PAIR_REASON = "never-pair settings rule out every group this round"

_PROBES_PER_SEAT = 48
_SWAP_SAMPLE = 96
_EXHAUSTIVE_SWAPS_BELOW = 256
_MAX_PASSES = 60
_RESTART_BUDGET = 600
_MAX_ATTEMPTS = 40


def meetings_in_window(history: Sequence[PastRound], window: int) -> dict[tuple[str, str], int]:
    """Sorted person-id pairs that met in the last ``window`` rounds, with the latest round."""
    if not history or window <= 0:
        return {}
    upcoming = max(past.number for past in history) + 1
    met: dict[tuple[str, str], int] = {}
    for past in history:
        if past.number < upcoming - window:
            continue
        for group in past.groups:
            for first, second in combinations(sorted(set(group)), 2):
                met[first, second] = max(met.get((first, second), past.number), past.number)
    return met


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
    problem = _Problem(present, request)
    seated = _best_attempt(problem, _templates(problem, request), request.seed)
    placed, unplaced_indices = _repair(problem, seated)
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


class _Problem:
    """Members as indices 0..n-1 and the cost of any two of them sitting together."""

    def __init__(self, members: Sequence[Member], request: PairingRequest) -> None:
        self.size = len(members)
        index_of = {member.person_id: index for index, member in enumerate(members)}
        self.roles = [
            MENTOR if request.mode == "cross_level" and member.is_mentor else MENTEE
            for member in members
        ]
        self.levels = [member.level for member in members]
        self.weigh_levels = request.mode == "cross_level"
        self.specialties = _specialty_codes(members) if request.mode == "cross_specialty" else None
        self.fixed_costs: dict[int, int] = {}
        upcoming = max((past.number for past in request.history), default=0) + 1
        met = meetings_in_window(request.history, request.window)
        for (first, second), number in met.items():
            if first in index_of and second in index_of:
                recency = request.window - (upcoming - number) + 1
                self._add(index_of[first], index_of[second], REPEAT_COST + RECENCY_COST * recency)
        for member in members:
            for other in member.never_pair:
                if other in index_of and other != member.person_id:
                    self._add(index_of[member.person_id], index_of[other], NEVER_PAIR_COST)

    def _key(self, first: int, second: int) -> int:
        return first * self.size + second if first < second else second * self.size + first

    def _add(self, first: int, second: int, cost: int) -> None:
        key = self._key(first, second)
        if cost == NEVER_PAIR_COST and self.fixed_costs.get(key, 0) >= NEVER_PAIR_COST:
            return
        self.fixed_costs[key] = self.fixed_costs.get(key, 0) + cost

    def pair_cost(self, first: int, second: int) -> int:
        cost = self.fixed_costs.get(self._key(first, second), 0)
        if self.specialties is not None:
            code = self.specialties[first]
            if code >= 0 and code == self.specialties[second]:
                cost += SAME_SPECIALTY_COST
        if self.weigh_levels and self.roles[first] != self.roles[second]:
            mentor, mentee = (first, second) if self.roles[first] == MENTOR else (second, first)
            if self.levels[mentee] >= self.levels[mentor]:
                cost += LEVEL_MISMATCH_COST
        return cost

    def cost_with(self, person: int, group: Iterable[int], instead_of: int = -1) -> int:
        return sum(
            self.pair_cost(person, other)
            for other in group
            if other != person and other != instead_of
        )

    def has_never_pair(self, person: int, group: Iterable[int]) -> bool:
        return any(
            self.fixed_costs.get(self._key(person, other), 0) >= NEVER_PAIR_COST
            for other in group
            if other != person
        )


def _specialty_codes(members: Sequence[Member]) -> list[int]:
    codes: dict[str, int] = {}
    result = []
    for member in members:
        name = (member.specialty or "").strip().casefold()
        result.append(codes.setdefault(name, len(codes)) if name else -1)
    return result


def _templates(problem: _Problem, request: PairingRequest) -> list[GroupTemplate]:
    if request.mode != "cross_level":
        return plain_templates(problem.size, request.group_size)
    mentors = problem.roles.count(MENTOR)
    return cross_level_templates(mentors, problem.size - mentors, request.group_size)


def _best_attempt(problem: _Problem, templates: list[GroupTemplate], seed: int) -> list[list[int]]:
    """Restart from fresh shuffles while a small round still has a cost, keeping the best."""
    attempts = max(1, min(_MAX_ATTEMPTS, _RESTART_BUDGET // problem.size))
    best: list[list[int]] = []
    best_cost = -1
    for attempt in range(attempts):
        rng = random.Random(f"coffee:{seed}:{attempt}")
        groups = _construct(problem, templates, rng)
        _improve(problem, groups, rng)
        cost = sum(_group_cost(problem, group) for group in groups)
        if best_cost < 0 or cost < best_cost:
            best, best_cost = groups, cost
        if best_cost == 0:
            break
    return best


def _group_cost(problem: _Problem, group: Sequence[int]) -> int:
    return sum(problem.pair_cost(first, second) for first, second in combinations(group, 2))


def _construct(
    problem: _Problem, templates: list[GroupTemplate], rng: random.Random
) -> list[list[int]]:
    pools: dict[int, list[int]] = {MENTOR: [], MENTEE: []}
    for person, role in enumerate(problem.roles):
        pools[role].append(person)
    for pool in pools.values():
        rng.shuffle(pool)
    groups = []
    for template in templates:
        group: list[int] = []
        for role in template.roles:
            group.append(_take_cheapest(problem, pools[role], group, rng))
        groups.append(group)
    return groups


def _take_cheapest(problem: _Problem, pool: list[int], group: list[int], rng: random.Random) -> int:
    """Remove and return a pool member who fits ``group`` at no cost, or the cheapest probed."""
    if not group:
        return pool.pop()
    if len(pool) <= _PROBES_PER_SEAT:
        positions: Iterable[int] = range(len(pool))
    else:
        positions = (rng.randrange(len(pool)) for _ in range(_PROBES_PER_SEAT))
    chosen, chosen_cost = -1, -1
    for position in positions:
        cost = problem.cost_with(pool[position], group)
        if chosen_cost < 0 or cost < chosen_cost:
            chosen, chosen_cost = position, cost
            if cost == 0:
                break
    pool[chosen], pool[-1] = pool[-1], pool[chosen]
    return pool.pop()


def _improve(problem: _Problem, groups: list[list[int]], rng: random.Random) -> None:
    """Swap same-role people between groups while a swap lowers the total cost."""
    group_of = [0] * problem.size
    for index, group in enumerate(groups):
        for person in group:
            group_of[person] = index
    by_role: dict[int, list[int]] = {MENTOR: [], MENTEE: []}
    for person, role in enumerate(problem.roles):
        by_role[role].append(person)
    exhaustive = problem.size < _EXHAUSTIVE_SWAPS_BELOW
    for _ in range(_MAX_PASSES):
        costly = [
            person
            for person in range(problem.size)
            if problem.cost_with(person, groups[group_of[person]]) > 0
        ]
        rng.shuffle(costly)
        improved = False
        for person in costly:
            own = groups[group_of[person]]
            current = problem.cost_with(person, own)
            if current == 0:
                continue
            peers = by_role[problem.roles[person]]
            candidates: Iterable[int] = (
                peers
                if exhaustive
                else (peers[rng.randrange(len(peers))] for _ in range(_SWAP_SAMPLE))
            )
            best_partner, best_change = -1, 0
            for partner in candidates:
                theirs = groups[group_of[partner]]
                if theirs is own:
                    continue
                change = (
                    problem.cost_with(partner, own, instead_of=person)
                    - current
                    + problem.cost_with(person, theirs, instead_of=partner)
                    - problem.cost_with(partner, theirs)
                )
                if change < best_change:
                    best_partner, best_change = partner, change
            if best_partner >= 0:
                _swap(groups, group_of, person, best_partner)
                improved = True
        if not improved:
            return


def _swap(groups: list[list[int]], group_of: list[int], first: int, second: int) -> None:
    first_group, second_group = group_of[first], group_of[second]
    groups[first_group][groups[first_group].index(first)] = second
    groups[second_group][groups[second_group].index(second)] = first
    group_of[first], group_of[second] = second_group, first_group


def _repair(problem: _Problem, groups: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Take out whoever still breaks a never-pair and re-seat them wherever the rule holds."""
    homeless: list[int] = []
    for group in groups:
        while any(problem.has_never_pair(person, group) for person in group):
            worst = max(
                group,
                key=lambda person: (
                    sum(problem.has_never_pair(person, [other]) for other in group),
                    person,
                ),
            )
            group.remove(worst)
            homeless.append(worst)
        if len(group) == 1:
            homeless.append(group.pop())
    placed = [group for group in groups if group]
    waiting: list[int] = []
    for person in homeless:
        options = [group for group in placed if not problem.has_never_pair(person, group)]
        if options:
            min(options, key=lambda group: (len(group), problem.cost_with(person, group))).append(
                person
            )
            continue
        partner = next(
            (other for other in waiting if not problem.has_never_pair(person, [other])), None
        )
        if partner is None:
            waiting.append(person)
        else:
            waiting.remove(partner)
            placed.append([partner, person])
    return placed, sorted(waiting)


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

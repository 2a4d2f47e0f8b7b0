"""Dealing a round's members into its seats: a randomised greedy pass, then swaps.

Every rule is a cost on a pair of people sitting together, so a swap only has to look at the
two groups involved. Costs are ordered so that a broken never-pair outweighs any number of
repeats, one more repeat outweighs any recency, and recency outweighs the soft level and
specialty preferences.
"""

import random
from collections.abc import Iterable, Sequence
from itertools import combinations

from bot.coffee.models import Member, PairingRequest, PastRound
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


class SeatingProblem:
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


def templates_for(problem: SeatingProblem, request: PairingRequest) -> list[GroupTemplate]:
    if request.mode != "cross_level":
        return plain_templates(problem.size, request.group_size)
    mentors = problem.roles.count(MENTOR)
    return cross_level_templates(mentors, problem.size - mentors, request.group_size)


def best_attempt(
    problem: SeatingProblem, templates: list[GroupTemplate], seed: int
) -> list[list[int]]:
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


def _group_cost(problem: SeatingProblem, group: Sequence[int]) -> int:
    return sum(problem.pair_cost(first, second) for first, second in combinations(group, 2))


def _construct(
    problem: SeatingProblem, templates: list[GroupTemplate], rng: random.Random
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


def _take_cheapest(
    problem: SeatingProblem, pool: list[int], group: list[int], rng: random.Random
) -> int:
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


def _improve(problem: SeatingProblem, groups: list[list[int]], rng: random.Random) -> None:
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


def repair(problem: SeatingProblem, groups: list[list[int]]) -> tuple[list[list[int]], list[int]]:
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

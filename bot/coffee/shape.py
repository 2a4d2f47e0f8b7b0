"""How many groups of which size a round makes, before anyone is assigned to them.

Remainders: with groups of two, an odd count makes one group of three. With groups of
three, a remainder of two makes one pair and a remainder of one makes two pairs instead
of a group of four, because a four-way call stops feeling like a coffee chat.
"""

from dataclasses import dataclass

MENTEE = 0
MENTOR = 1
ANYONE = MENTEE
"""Outside cross-level rounds every member shares one role."""


@dataclass(frozen=True)
class GroupTemplate:
    """The role (``MENTOR`` or ``MENTEE``) each seat of one future group is reserved for."""

    roles: tuple[int, ...]


def group_sizes(count: int, group_size: int) -> list[int]:
    """Sizes of the groups that seat exactly ``count`` people (``count`` >= 2)."""
    if count < 2:
        raise ValueError("a group needs at least two people")
    if group_size == 2:
        pairs, odd = divmod(count, 2)
        return [2] * (pairs - 1) + [3] if odd else [2] * pairs
    if group_size == 3:
        trios, remainder = divmod(count, 3)
        if remainder == 0:
            return [3] * trios
        if remainder == 2:
            return [3] * trios + [2]
        return [3] * (trios - 1) + [2, 2]
    raise ValueError(f"group size must be 2 or 3, not {group_size}")


def _uniform(count: int, group_size: int, role: int) -> list[GroupTemplate]:
    return [GroupTemplate((role,) * size) for size in group_sizes(count, group_size)]


def _seat_one_more(templates: list[GroupTemplate], role: int) -> None:
    smallest = min(range(len(templates)), key=lambda index: len(templates[index].roles))
    templates[smallest] = GroupTemplate((*templates[smallest].roles, role))


def plain_templates(count: int, group_size: int) -> list[GroupTemplate]:
    """Templates for a round where anyone may sit with anyone (``count`` >= 2)."""
    return _uniform(count, group_size, ANYONE)


def cross_level_templates(mentors: int, mentees: int, group_size: int) -> list[GroupTemplate]:
    """Templates where each group is led by one mentor, as far as the numbers allow.

    Mentors never sit together while a mentee is left without a mentor: surplus mentors
    form mentor-only groups only once every mentee has a mentor-led seat. Surplus mentees
    (more than the mentors can lead at the target size) form peer groups. A single
    surplus person of either kind joins the smallest mentor-led group.
    """
    if mentors + mentees < 2:
        raise ValueError("a group needs at least two people")
    if mentors == 0:
        return _uniform(mentees, group_size, MENTEE)
    if mentees == 0:
        return _uniform(mentors, group_size, MENTOR)
    seats_per_mentor = group_size - 1
    if mentees <= mentors * seats_per_mentor:
        led = -(-mentees // seats_per_mentor)
        per_group, larger = divmod(mentees, led)
        templates = [
            GroupTemplate((MENTOR,) + (MENTEE,) * (per_group + (index < larger)))
            for index in range(led)
        ]
        spare, spare_role = mentors - led, MENTOR
    else:
        templates = [GroupTemplate((MENTOR,) + (MENTEE,) * seats_per_mentor)] * mentors
        spare, spare_role = mentees - mentors * seats_per_mentor, MENTEE
    if spare == 1:
        _seat_one_more(templates, spare_role)
    elif spare > 1:
        templates += _uniform(spare, group_size, spare_role)
    return templates

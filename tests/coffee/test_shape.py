from hypothesis import given
from hypothesis import strategies as st

from bot.coffee.shape import MENTEE, MENTOR, cross_level_templates, group_sizes


@given(st.integers(2, 400), st.sampled_from([2, 3]))
def test_group_sizes_seat_everyone_in_target_size_or_the_documented_remainder(
    count: int, group_size: int
) -> None:
    sizes = group_sizes(count, group_size)
    assert sum(sizes) == count
    off_target = [size for size in sizes if size != group_size]
    if group_size == 2:
        assert off_target == ([3] if count % 2 else [])
    else:
        assert off_target == {0: [], 1: [2, 2], 2: [2]}[count % 3]


def test_a_remainder_of_one_with_trios_makes_two_pairs_rather_than_a_group_of_four() -> None:
    assert sorted(group_sizes(7, 3)) == [2, 2, 3]
    assert group_sizes(4, 3) == [2, 2]


@given(st.integers(0, 60), st.integers(0, 60), st.sampled_from([2, 3]))
def test_cross_level_seats_match_people_and_mentors_only_meet_once_mentees_are_covered(
    mentors: int, mentees: int, group_size: int
) -> None:
    if mentors + mentees < 2:
        return
    templates = cross_level_templates(mentors, mentees, group_size)
    roles = [role for template in templates for role in template.roles]
    assert roles.count(MENTOR) == mentors
    assert roles.count(MENTEE) == mentees
    assert all(len(template.roles) >= 2 for template in templates)
    mentorless = [t for t in templates if MENTOR not in t.roles]
    crowded = [t for t in templates if t.roles.count(MENTOR) >= 2 and MENTEE in t.roles]
    mentor_only = [t for t in templates if MENTEE not in t.roles]
    if mentors and any(MENTEE in t.roles for t in mentorless):
        assert not crowded
        assert not mentor_only
    if mentor_only and mentees:
        assert all(MENTOR in t.roles for t in templates if MENTEE in t.roles)

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from devtools.databases import migrated_sqlite
from storage.models import CoffeeRound
from tests.coffee_slack.service import CoffeeWorld

MONDAY = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 9:00 in New York
WEDNESDAY = 2
PEOPLE = [f"U{index:03d}" for index in range(1, 9)]


@pytest.fixture
def world(database_url: str) -> Iterator[CoffeeWorld]:
    made = CoffeeWorld(database_url, MONDAY)
    yield made
    made.close()


def everyone_in(groups: list[set[str]]) -> list[str]:
    return sorted(person for group in groups for person in group)


def test_each_round_introduces_every_available_member_once_and_schedules_the_next(
    world: CoffeeWorld,
) -> None:
    program = world.set_up("C1", PEOPLE[:5], weekday=WEDNESDAY)

    world.run_next_round(program)

    groups = world.groups(program, 1)
    assert everyone_in(groups) == PEOPLE[:5]
    assert sorted(len(group) for group in groups) == [2, 3]
    assert world.next_round_time(program) == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    group_messages = [to for to, _ in world.messenger.sent if "," in to]
    assert len(group_messages) == 2
    assert len(world.follow_up.scheduled) == 2


@settings(max_examples=8)
@given(count=st.sampled_from([6, 8, 10]))
def test_nobody_meets_the_same_person_twice_while_another_arrangement_exists(
    tmp_path_factory: pytest.TempPathFactory, count: int
) -> None:
    database = migrated_sqlite(tmp_path_factory.mktemp("coffee") / "c.db")
    world = CoffeeWorld(f"sqlite:///{database}", MONDAY)
    try:
        program = world.set_up("C1", PEOPLE[:count] + [f"U9{n}" for n in range(count - 8)])
        met: Counter[tuple[str, str]] = Counter()
        for number in range(1, 4):
            world.run_next_round(program)
            for group in world.groups(program, number):
                met.update(combinations(sorted(group), 2))
        assert max(met.values()) == 1
    finally:
        world.close()


def test_a_round_job_that_runs_twice_makes_one_round_and_introduces_each_group_once(
    world: CoffeeWorld,
) -> None:
    program = world.set_up("C1", PEOPLE[:4], weekday=WEDNESDAY)
    round_at = world.next_round_time(program)
    world.run_jobs_until(round_at)

    world.service.run_scheduled_round(program)
    world.service.send_heads_up(program)
    world.service.run_scheduled_round(program)

    assert world.rounds(program) == [(1, "done")]
    assert len([to for to, _ in world.messenger.sent if "," in to]) == 2


def test_a_round_number_is_stored_once_per_program(world: CoffeeWorld) -> None:
    program = world.set_up("C1", PEOPLE[:4])
    world.run_next_round(program)

    with pytest.raises(IntegrityError), world.database.write() as session:
        session.add(CoffeeRound(program_id=program, number=1, scheduled_at=MONDAY))


def test_paused_and_skipping_members_sit_out_and_come_back(world: CoffeeWorld) -> None:
    program = world.set_up("C1", PEOPLE[:6], weekday=WEDNESDAY)
    world.run_jobs_until(world.next_round_time(program) - timedelta(hours=1))
    heads_up = [
        to for to, message in world.messenger.sent if "Tomorrow's coffee-chat round" in str(message)
    ]
    assert sorted(heads_up) == PEOPLE[:6]
    with world.database.read() as session:
        announced = session.get(CoffeeRound, 1)
        assert announced is not None and announced.status == "announced"

    skipped = world.service.skip_round(world.ref("U001"), 1, "U001")
    paused = world.service.pause_member(world.ref("U002"), program, MONDAY.date() + timedelta(10))
    world.run_next_round(program)
    world.run_next_round(program)

    assert "you skip the round" in str(skipped)
    assert "Paused until" in str(paused)
    first, second = everyone_in(world.groups(program, 1)), everyone_in(world.groups(program, 2))
    assert first == PEOPLE[2:6]
    assert second == ["U001", *PEOPLE[2:6]]


def test_never_pair_holds_in_every_round_and_either_direction(world: CoffeeWorld) -> None:
    program = world.set_up("C1", PEOPLE[:4])
    world.service.set_never_pair(world.ref("U001"), ["U002"])

    for number in range(1, 6):
        world.run_next_round(program)
        assert not any({"U001", "U002"} <= group for group in world.groups(program, number))
    assert world.service.never_pair(world.ref("U001")) == ["U002"]
    assert world.service.never_pair(world.ref("U002")) == []


def test_cross_level_rounds_put_one_attending_with_residents(world: CoffeeWorld) -> None:
    for user in PEOPLE[:2]:
        world.set_profile(user, career_stage="attending", specialty="Pediatrics")
    for user in PEOPLE[2:6]:
        world.set_profile(user, career_stage="pgy2")
    program = world.set_up("C1", PEOPLE[:6], group_size=3, mode="cross_level")

    world.run_next_round(program)

    groups = world.groups(program, 1)
    assert sorted(len(group & set(PEOPLE[:2])) for group in groups) == [1, 1]
    intro = next(str(message) for to, message in world.messenger.sent if "," in to)
    assert "(leads this chat)" in intro and "Attending" in intro and "PGY-2" in intro


def test_a_member_who_left_the_channel_is_not_paired(world: CoffeeWorld) -> None:
    program = world.set_up("C1", PEOPLE[:5], weekday=WEDNESDAY)
    world.run_jobs_until(world.next_round_time(program) - timedelta(hours=1))

    world.service.member_left(world.ref("U003"), "C1")
    world.channels.members_of["C1"].remove("U003")
    world.run_next_round(program)

    assert everyone_in(world.groups(program, 1)) == ["U001", "U002", "U004", "U005"]


def test_nobody_is_left_out_silently_when_never_pair_rules_out_every_group(
    world: CoffeeWorld,
) -> None:
    program = world.set_up("C1", PEOPLE[:2])
    world.service.set_never_pair(world.ref("U001"), ["U002"])

    world.run_next_round(program)

    for user in PEOPLE[:2]:
        assert any("could not put you in a group" in text for text in world.sent_to(user))


def test_three_ignored_introductions_in_a_row_ask_whether_to_stay(world: CoffeeWorld) -> None:
    world.follow_up.silent = True
    program = world.set_up("C1", PEOPLE[:4], weekday=WEDNESDAY)
    for _ in range(4):
        world.run_next_round(program)
    world.run_jobs_until(world.next_round_time(program) - timedelta(hours=1))

    asked = [user for user in PEOPLE[:4] if any("stay in?" in t for t in world.sent_to(user))]
    assert asked == PEOPLE[:4]
    stayed = world.service.answer_stay(world.ref("U001"), program, "U001", stay=True)
    left = world.service.answer_stay(world.ref("U002"), program, "U002", stay=False)
    world.follow_up.silent = False
    world.run_next_round(program)

    assert "staying" in str(stayed) and "left these coffee chats" in str(left)
    assert everyone_in(world.groups(program, 5)) == []  # U001 alone: nobody to meet
    assert any("could not put you in a group" in t for t in world.sent_to("U001"))


def test_status_shows_the_next_round_and_what_the_follow_up_heard(world: CoffeeWorld) -> None:
    program = world.set_up("C1", PEOPLE[:4], weekday=WEDNESDAY)
    world.run_next_round(program)
    world.follow_up.answer(world.follow_up.scheduled[0].group_id, "yes", "not_yet")

    shown = str(world.service.status(world.key("C1")))

    assert "Round 1" in shown and "4 people in 2 groups" in shown
    assert "Wednesday 2 December at 09:00" in shown
    assert "('Met', '1')" in shown and "('Not yet', '1')" in shown
    assert "('Groups with no answer', '1')" in shown

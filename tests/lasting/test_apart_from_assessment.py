"""A trainee is never suggested, matched or grouped with someone who evaluates them: random
rosters through the real services: each roster drafts a cohort run, runs a coffee round
and ranks mentors for every trainee's /mentor request."""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import col, select

from bot.assessment import EvaluativeRole, RoleMarking
from bot.career import CareerStage
from bot.coffee.messages import ProgramSettings
from bot.coffee.rounds.context import ChannelKey
from bot.identity import PersonRef
from bot.mentoring.cohort import match_cohort
from bot.mentoring.model import RequestInput
from bot.profiles import ProfileForm
from devtools.slack.harness import LocalRounds
from storage.models import CoffeeGroup, CoffeeProgram, CoffeeRound, MentoringRequest, Person
from tests.conftest import ORGANIZER

DEPARTMENTS = ("Pediatrics", "Medicine")
STAGES = (CareerStage.PGY1, CareerStage.PGY3, CareerStage.FELLOW, CareerStage.ATTENDING, None)
_workspaces = itertools.count(1)


@dataclass(frozen=True)
class Colleague:
    department: str
    stage: CareerStage | None

    @property
    def is_trainee(self) -> bool:
        return self.stage is None or self.stage.level < 2


@dataclass(frozen=True)
class Marking:
    evaluator: int
    roles: tuple[EvaluativeRole, ...]
    department: str | None
    supervises: tuple[int, ...]


@st.composite
def rosters(draw: st.DrawFn) -> tuple[list[Colleague], list[Marking]]:
    people = draw(
        st.lists(
            st.builds(Colleague, st.sampled_from(DEPARTMENTS), st.sampled_from(STAGES)),
            min_size=3,
            max_size=7,
        )
    )
    evaluators = draw(st.sets(st.integers(0, len(people) - 1), min_size=1, max_size=3))
    markings = []
    for evaluator in sorted(evaluators):
        roles = draw(st.sets(st.sampled_from(list(EvaluativeRole)), min_size=1, max_size=2))
        others = [i for i in range(len(people)) if i != evaluator]
        supervises = draw(st.sets(st.sampled_from(others), min_size=1, max_size=3))
        markings.append(
            Marking(
                evaluator,
                tuple(sorted(roles)),
                draw(st.sampled_from((None, *DEPARTMENTS))),
                tuple(sorted(supervises)) if EvaluativeRole.CURRENT_SUPERVISOR in roles else (),
            )
        )
    return people, markings


def evaluates(marking: Marking, trainee: int, people: list[Colleague]) -> bool:
    """The rule as the issue states it, written out plainly for checking."""
    if trainee == marking.evaluator:
        return False
    if trainee in marking.supervises:
        return True
    program_wide = [r for r in marking.roles if r is not EvaluativeRole.CURRENT_SUPERVISOR]
    person = people[trainee]
    return (
        bool(program_wide)
        and person.is_trainee
        and marking.department
        in (
            None,
            person.department,
        )
    )


@pytest.fixture(scope="module")
def shared() -> Iterator[LocalRounds]:
    from bot.clock import FakeClock
    from tests.conftest import WORKING_MORNING

    with LocalRounds(clock=FakeClock(WORKING_MORNING), organizers=(ORGANIZER,)) as local:
        local.add_user(ORGANIZER, "Maya Patel")
        yield local


def enrol(rounds: LocalRounds, people: list[Colleague], markings: list[Marking]) -> list[str]:
    """Everyone in a workspace of their own; returns their user ids by roster position."""
    workspace = f"T{next(_workspaces):05d}"
    users = [f"U{workspace}{index}" for index in range(len(people))]
    for user_id, person in zip(users, people, strict=True):
        rounds.add_user(user_id, user_id)
        rounds.services.profiles.save(
            PersonRef.slack(workspace, user_id),
            ProfileForm(
                is_mentee=person.is_trainee,
                is_mentor=True,
                career_stage=person.stage,
                specialty="pediatrics",
                topics=("fellowship_applications",),
                about="fellowship applications in pediatrics",
                capacity=6,
                department=person.department,
            ),
        )
    for marking in markings:
        rounds.services.evaluative_roles.mark(
            PersonRef.slack(workspace, users[marking.evaluator]),
            RoleMarking(
                marking.roles, marking.department, tuple(users[i] for i in marking.supervises)
            ),
        )
    return users


def forbidden(
    people: list[Colleague], markings: list[Marking], users: list[str]
) -> set[frozenset[str]]:
    return {
        frozenset((users[m.evaluator], users[trainee]))
        for m in markings
        for trainee in range(len(people))
        if evaluates(m, trainee, people)
    }


def user_ids(rounds: LocalRounds, person_ids: list[int]) -> list[str]:
    with rounds.services.database.read() as session:
        rows = session.exec(select(Person).where(col(Person.id).in_(person_ids))).all()
        return [p.user_id for p in rows]


def cohort_pairs(rounds: LocalRounds, workspace: str) -> list[tuple[str, str]]:
    """The pairs an organizer's cohort run drafts for the workspace."""
    draft = match_cohort(
        rounds.services.database,
        PersonRef.slack(workspace, ORGANIZER),
        rounds.services.cohort.scorer,
        rounds.services.clock.now(),
    )
    assert draft is not None
    return [(pair.mentee_user_id, pair.mentor_user_id) for pair in draft.pairs]


def coffee_groups(
    rounds: LocalRounds, workspace: str, users: list[str], group_size: int
) -> list[list[str]]:
    """The groups a coffee round run now in a channel of everyone makes."""
    channel = f"C{workspace}"
    rounds.fake.channel_members[channel] = users
    key = ChannelKey("slack", workspace, channel)
    organizer = PersonRef.slack(workspace, ORGANIZER)
    rounds.services.coffee.set_up(organizer, key, ProgramSettings(group_size=group_size))
    rounds.services.coffee.run_now(key)
    with rounds.services.database.read() as session:
        groups = session.exec(
            select(CoffeeGroup)
            .join(CoffeeRound, col(CoffeeRound.id) == col(CoffeeGroup.round_id))
            .join(CoffeeProgram, col(CoffeeProgram.id) == col(CoffeeRound.program_id))
            .where(CoffeeProgram.channel_id == channel)
        ).all()
        made = [list(group.person_ids) for group in groups]
    return [user_ids(rounds, group) for group in made]


def suggested(rounds: LocalRounds, workspace: str, user_id: str, sensitive: bool) -> list[str]:
    """Everyone the /mentor ranking puts on a trainee's list of candidates."""
    started = rounds.services.requests.start(
        PersonRef.slack(workspace, user_id),
        RequestInput(goal="fellowship applications in pediatrics", sensitive=sensitive),
    )
    with rounds.services.database.read() as session:
        row = session.get(MentoringRequest, started.request_id)
        assert row is not None
        candidates = list(row.candidates)
    return user_ids(rounds, candidates)


@settings(max_examples=5)
@given(rosters(), st.sampled_from((2, 3)))
def test_an_evaluator_is_never_suggested_matched_or_grouped_with_their_trainee(
    shared: LocalRounds, roster: tuple[list[Colleague], list[Marking]], group_size: int
) -> None:
    people, markings = roster
    users = enrol(shared, people, markings)
    never = forbidden(people, markings, users)
    workspace = users[0][1:7]

    for mentee, mentor in cohort_pairs(shared, workspace):
        assert frozenset((mentee, mentor)) not in never, "a cohort run matched them"
    for group in coffee_groups(shared, workspace, users, group_size):
        for first, second in itertools.combinations(group, 2):
            assert frozenset((first, second)) not in never, "a coffee round grouped them"
    for index, person in enumerate(people):
        if person.is_trainee:
            for candidate in suggested(shared, workspace, users[index], index % 2 == 0):
                assert frozenset((candidate, users[index])) not in never, "/mentor suggested"

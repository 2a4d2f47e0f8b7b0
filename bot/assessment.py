"""Mentoring kept apart from assessment: the one home of the rule.

Whoever evaluates a trainee (program director, associate PD, competency committee member,
current supervisor) is never suggested to them, matched with them, or grouped with them in
coffee or cohort runs. Every place that chooses candidates folds ``kept_apart`` into the
never-pair lists it already honours.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.career import CareerStage
from bot.identity import PersonRef
from bot.matching.profiles import MenteeNeed
from bot.replies import Fields, Mention, Part, Reply, note, paragraph, reply
from storage.assessment import AssessmentRepository
from storage.db import Database
from storage.models import EvaluativeRole as EvaluativeRoleRow
from storage.people import PersonRepository


class EvaluativeRole(StrEnum):
    PROGRAM_DIRECTOR = "program_director"
    ASSOCIATE_PROGRAM_DIRECTOR = "associate_program_director"
    COMPETENCY_COMMITTEE = "competency_committee"
    CURRENT_SUPERVISOR = "current_supervisor"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @classmethod
    def read(cls, text: str) -> "EvaluativeRole | None":
        """A role as organizers write it in a roster: "PD", "associate program director"..."""
        key = "".join(ch for ch in text.casefold() if ch.isalnum())
        return _ROLE_ALIASES.get(key)


_ROLE_LABELS = {
    EvaluativeRole.PROGRAM_DIRECTOR: "Program director",
    EvaluativeRole.ASSOCIATE_PROGRAM_DIRECTOR: "Associate program director",
    EvaluativeRole.COMPETENCY_COMMITTEE: "Clinical competency committee member",
    EvaluativeRole.CURRENT_SUPERVISOR: "Current supervisor",
}
_ROLE_ALIASES = {
    **{role.value.replace("_", ""): role for role in EvaluativeRole},
    **{
        "".join(ch for ch in role.label.casefold() if ch.isalnum()): role for role in EvaluativeRole
    },
    "pd": EvaluativeRole.PROGRAM_DIRECTOR,
    "apd": EvaluativeRole.ASSOCIATE_PROGRAM_DIRECTOR,
    "associatepd": EvaluativeRole.ASSOCIATE_PROGRAM_DIRECTOR,
    "ccc": EvaluativeRole.COMPETENCY_COMMITTEE,
    "competencycommitteemember": EvaluativeRole.COMPETENCY_COMMITTEE,
    "competencycommittee": EvaluativeRole.COMPETENCY_COMMITTEE,
    "supervisor": EvaluativeRole.CURRENT_SUPERVISOR,
}


@dataclass(frozen=True)
class Assignment:
    """One evaluative role: over ``mentee_id`` alone, else over a department's trainees (or
    the whole program's when ``department`` is None)."""

    evaluator_id: int
    role: EvaluativeRole
    department: str | None = None
    mentee_id: int | None = None


@dataclass(frozen=True)
class Standing:
    """What decides whether someone is assessed by a department-wide role."""

    person_id: int
    department: str | None = None
    career_stage: str | None = None

    @property
    def is_trainee(self) -> bool:
        """Students, residents and fellows; an unknown stage counts as a trainee, to be safe."""
        try:
            return self.career_stage is None or CareerStage(self.career_stage).level < 2
        except ValueError:
            return True


def _same_department(first: str | None, second: str | None) -> bool:
    if not first or not second:
        return False
    return first.strip().casefold() == second.strip().casefold()


def evaluators_of(assignments: Iterable[Assignment], person: Standing) -> frozenset[int]:
    """Everyone who evaluates ``person``."""
    found = set()
    for assignment in assignments:
        if assignment.evaluator_id == person.person_id:
            continue
        if assignment.mentee_id is not None:
            if assignment.mentee_id == person.person_id:
                found.add(assignment.evaluator_id)
        elif person.is_trainee and (
            assignment.department is None
            or _same_department(assignment.department, person.department)
        ):
            found.add(assignment.evaluator_id)
    return frozenset(found)


def kept_apart(
    assignments: Sequence[Assignment], people: Iterable[Standing]
) -> dict[int, frozenset[int]]:
    """Person id → everyone they must be kept apart from, both ways (evaluator and trainee)."""
    apart: dict[int, set[int]] = {}
    for person in people:
        for evaluator in evaluators_of(assignments, person):
            apart.setdefault(person.person_id, set()).add(evaluator)
            apart.setdefault(evaluator, set()).add(person.person_id)
    return {person_id: frozenset(others) for person_id, others in apart.items()}


class NeverPaired(Protocol):
    @property
    def person_id(self) -> str: ...
    @property
    def never_pair(self) -> frozenset[str]: ...


Paired = TypeVar("Paired", bound=NeverPaired)


def with_kept_apart(item: Paired, apart: Mapping[int, frozenset[int]]) -> Paired:
    """``item`` (a mentee need, a mentor profile, a coffee member) with its evaluators added to
    the never-pair list every matcher already honours."""
    if not item.person_id.isdigit():
        return item
    others = apart.get(int(item.person_id), frozenset())
    if not others:
        return item
    return replace(item, never_pair=item.never_pair | {str(o) for o in others})  # type: ignore[type-var]


def assignments_in(repository: AssessmentRepository, workspace_id: str) -> list[Assignment]:
    return [_assignment(row) for row in repository.roles_in(workspace_id)]


def kept_apart_among(
    repository: AssessmentRepository, workspace_id: str, person_ids: Iterable[int]
) -> dict[int, frozenset[int]]:
    """The rule, read from storage, for these people of one workspace."""
    assignments = assignments_in(repository, workspace_id)
    if not assignments:
        return {}
    standings = [Standing(*row) for row in repository.standing(person_ids)]
    return kept_apart(assignments, standings)


def evaluators_of_person(
    repository: AssessmentRepository, workspace_id: str, person_id: int
) -> frozenset[int]:
    assignments = assignments_in(repository, workspace_id)
    standing = repository.standing([person_id])
    if not assignments or not standing:
        return frozenset()
    return evaluators_of(assignments, Standing(*standing[0]))


def kept_apart_from(
    repository: AssessmentRepository, workspace_id: str, person_id: int
) -> frozenset[int]:
    """Everyone this one person is kept apart from: who evaluates them, and whom they
    evaluate (an evaluator asking for a mentor is not sent to their own trainees)."""
    assignments = assignments_in(repository, workspace_id)
    if not any(a.evaluator_id == person_id for a in assignments):
        return evaluators_of_person(repository, workspace_id, person_id)
    everyone = [Standing(*row) for row in repository.standing_in(workspace_id)]
    return kept_apart(assignments, everyone).get(person_id, frozenset())


def apart_from_evaluators(
    repository: AssessmentRepository, workspace_id: str, need: MenteeNeed
) -> MenteeNeed:
    """A mentee's need that no evaluator of theirs can meet: every matcher skips never-pairs."""
    if not need.person_id.isdigit():
        return need
    others = kept_apart_from(repository, workspace_id, int(need.person_id))
    return with_kept_apart(need, {int(need.person_id): others})


def _assignment(row: EvaluativeRoleRow) -> Assignment:
    return Assignment(row.evaluator_id, EvaluativeRole(row.role), row.department, row.mentee_id)


@dataclass(frozen=True)
class RoleMarking:
    """What an organizer sets for one person: their roles, the department a program-wide role
    covers (empty: the whole program), and the trainees they currently supervise."""

    roles: tuple[EvaluativeRole, ...] = ()
    department: str | None = None
    supervises: tuple[str, ...] = ()


def marking_summary(user_id: str, marking: RoleMarking) -> Reply:
    """What an organizer just saved about someone, in words."""
    if not marking.roles:
        return reply(paragraph(Mention(user_id), " has no evaluative role now."))
    items = [("Roles", ", ".join(role.label for role in marking.roles))]
    if any(role is not EvaluativeRole.CURRENT_SUPERVISOR for role in marking.roles):
        items.append(("Covers", marking.department or "The whole program"))
    parts: list[Part] = [
        paragraph("Saved: ", Mention(user_id), " evaluates trainees."),
        Fields(tuple(items)),
    ]
    if marking.supervises:
        supervised: list[str | Mention] = ["Currently supervises: "]
        for index, trainee in enumerate(marking.supervises):
            supervised += [", "] if index else []
            supervised.append(Mention(trainee))
        parts.append(paragraph(*supervised))
    parts.append(note("Rounds never suggests, matches or groups them with those trainees."))
    return reply(*parts, summary="Evaluative roles saved")


class EvaluativeRoles:
    """Organizers mark who evaluates whom."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def mark(self, person: PersonRef, marking: RoleMarking) -> RoleMarking:
        """Replace this person's evaluative roles with ``marking`` (no roles clears them)."""
        with self.database.write() as session:
            people = PersonRepository(session)
            evaluator = people.get_or_create(person)
            assert evaluator.id is not None
            supervised = [
                people.get_or_create(replace(person, user_id=user_id)).id
                for user_id in marking.supervises
                if user_id != person.user_id
            ]
            AssessmentRepository(session).replace_roles(
                evaluator.id, rows_for(evaluator.id, marking, [i for i in supervised if i])
            )
        return marking

    def marking(self, person: PersonRef) -> RoleMarking:
        with self.database.read() as session:
            found = PersonRepository(session).find(person)
            if found is None or found.id is None:
                return RoleMarking()
            rows = AssessmentRepository(session).roles_of(found.id)
            users = PersonRepository(session).user_ids(r.mentee_id for r in rows if r.mentee_id)
        return RoleMarking(
            roles=tuple(dict.fromkeys(EvaluativeRole(r.role) for r in rows)),
            department=next((r.department for r in rows if r.department), None),
            supervises=tuple(sorted(users.values())),
        )


def rows_for(
    evaluator_id: int, marking: RoleMarking, supervised_ids: Sequence[int]
) -> list[EvaluativeRoleRow]:
    """The stored rows of a marking: one per program-wide role, one per supervised trainee."""
    rows = []
    department = (marking.department or "").strip() or None
    for role in marking.roles:
        if role is EvaluativeRole.CURRENT_SUPERVISOR:
            rows += [
                EvaluativeRoleRow(evaluator_id=evaluator_id, role=role.value, mentee_id=mentee)
                for mentee in supervised_ids
            ]
        else:
            rows.append(
                EvaluativeRoleRow(evaluator_id=evaluator_id, role=role.value, department=department)
            )
    return rows

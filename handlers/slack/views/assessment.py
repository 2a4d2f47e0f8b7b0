"""The organizer's form for marking someone's evaluative roles."""

from bot.assessment import EvaluativeRole, RoleMarking
from handlers.slack.views.inputs import (
    Block,
    Submission,
    checkboxes,
    input_block,
    modal,
    text_input,
    users_select,
)

EVALUATOR = "evaluative_roles"
ROLE_CHOICES = tuple((role.value, role.label) for role in EvaluativeRole)


def evaluator_modal(user_id: str | None, marking: RoleMarking) -> Block:
    return modal(
        EVALUATOR,
        "Evaluative roles",
        [
            input_block("person", "Who?", users_select([user_id] if user_id else [], multi=False)),
            input_block(
                "roles",
                "They evaluate trainees as",
                checkboxes(ROLE_CHOICES, [role.value for role in marking.roles]),
                optional=True,
                hint="Leave all unticked to clear their roles. Mentoring never pairs a trainee "
                "with someone who evaluates them.",
            ),
            input_block(
                "department",
                "Department they oversee",
                text_input(marking.department, max_length=120),
                optional=True,
                hint="Program director, associate PD and committee roles cover this "
                "department's trainees; leave empty for the whole program.",
            ),
            input_block(
                "supervises",
                "Trainees they currently supervise",
                users_select(marking.supervises),
                optional=True,
            ),
        ],
        "Save",
    )


def read_marking(submission: Submission) -> tuple[str | None, RoleMarking]:
    people = submission.users("person")
    return people[0] if people else None, RoleMarking(
        roles=tuple(EvaluativeRole(value) for value in submission.choices("roles")),
        department=submission.text("department") or None,
        supervises=tuple(submission.users("supervises")),
    )


def marking_problems(user_id: str | None, marking: RoleMarking) -> dict[str, str]:
    problems = {}
    if user_id is None:
        problems["person"] = "Choose who this is about."
    supervising = EvaluativeRole.CURRENT_SUPERVISOR in marking.roles
    if supervising and not marking.supervises:
        problems["supervises"] = "Choose the trainees they supervise, or untick supervisor."
    if user_id is not None and user_id in marking.supervises:
        problems["supervises"] = "Leave them off their own list."
    return problems

"""The development plan: twice a year the mentee rates their own progress and sets a few
goals with dates, optionally tied to an ACGME competency or a CanMEDS role; the mentor gets
the plan to review it with them."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.checkins import Goals
from bot.checkins.goals import check_goal
from bot.clock import Clock
from bot.domain import Introduced
from bot.identity import PersonRef
from bot.lasting.ongoing import ongoing_relationship
from bot.outbox import Composed, NotWanted, Outbox, direct
from bot.replies import Choice, Choices, Fields, Header, Mention, Reply, note, paragraph, reply
from storage.db import Database, Session
from storage.lasting import LastingRepository
from storage.models import Prompt, Relationship

PLAN = "lasting.plan"
PLAN_SHARED = "lasting.plan_shared"
OPEN_PLAN = "plan.open"
EVERY = timedelta(days=182)
MAX_PLAN_GOALS = 3
ACGME = (
    "Patient care",
    "Medical knowledge",
    "Systems-based practice",
    "Practice-based learning and improvement",
    "Professionalism",
    "Interpersonal and communication skills",
)
CANMEDS = (
    "Medical expert",
    "Communicator",
    "Collaborator",
    "Leader",
    "Health advocate",
    "Scholar",
    "Professional",
)
AREAS = tuple(f"ACGME: {a}" for a in ACGME) + tuple(f"CanMEDS: {r}" for r in CANMEDS)


@dataclass(frozen=True)
class PlanGoal:
    text: str
    by: date | None = None


@dataclass(frozen=True)
class Plan:
    self_assessment: int
    goals: tuple[PlanGoal, ...]
    area: str | None = None


@dataclass(frozen=True)
class PlanResult:
    shown: Reply
    prompt_id: int | None = None
    problems: dict[str, str] | None = None


def plan_problems(plan: Plan, today: date) -> dict[str, str]:
    problems = {}
    if not 1 <= plan.self_assessment <= 5:
        problems["self_assessment"] = "Rate your progress from 1 to 5."
    if not plan.goals:
        problems["goals"] = "Add at least one goal."
    for goal in plan.goals:
        if (wrong := check_goal(goal.text, goal.by, today)) is not None:
            problems["goals"] = wrong.message
    if plan.area is not None and plan.area not in AREAS:
        problems["area"] = "Pick an area from the list, or none."
    return problems


def invitation(prompt_id: int, mentor_user_id: str) -> Reply:
    return reply(
        Header("Your development plan"),
        paragraph(
            "Twice a year: rate your own progress, and set up to three goals with dates, "
            "to review with ",
            Mention(mentor_user_id),
            ".",
        ),
        Choices((Choice(OPEN_PLAN, "Write my plan", str(prompt_id), style="primary"),)),
        note("Your mentor sees the plan, to go through it with you; nobody else does."),
        summary="Your development plan",
    )


def shared_with_mentor(mentee_user_id: str, plan: Plan) -> Reply:
    goals = "\n".join(
        f"• {goal.text}" + (f" (by {goal.by:%B} {goal.by.day})" if goal.by else "")
        for goal in plan.goals
    )
    return reply(
        Header("A development plan to review"),
        paragraph(
            Mention(mentee_user_id), " wrote their plan. Go through it at your next meeting."
        ),
        Fields(
            (
                ("Their own view of their progress", f"{plan.self_assessment} of 5"),
                ("Goals", goals),
                ("Area", plan.area or "none chosen"),
            )
        ),
        summary="A development plan to review",
    )


class DevelopmentPlans:
    def __init__(self, database: Database, clock: Clock, outbox: Outbox, goals: Goals) -> None:
        self.database = database
        self.clock = clock
        self.outbox = outbox
        self.goals = goals
        outbox.compose_with((PLAN,), lambda session, prompt: self._invite(session, prompt))

    def introduced(self, event: Introduced) -> None:
        """Domain event handler: the first plan half a year into ongoing mentoring."""
        with LastingRepository.writing(self.database) as lasting:
            relationship = ongoing_relationship(lasting, event)
            if relationship is not None:
                self._book(lasting, relationship, relationship.started_at + EVERY)

    def _book(self, lasting: LastingRepository, relationship: Relationship, due: datetime) -> None:
        assert relationship.id is not None
        self.outbox.add(
            lasting.session,
            kind=PLAN,
            person_id=relationship.mentee_id,
            subject_type="relationship",
            subject_id=relationship.id,
            dedupe_key=f"{PLAN}:{relationship.id}:{due:%Y-%m-%d}",
            due=due,
        )

    def _invite(self, session: Session, prompt: Prompt) -> Composed | NotWanted:
        # The next plan is booked as this one goes out, so a plan left unanswered still leads
        # to the one half a year later.
        lasting = LastingRepository(session)
        composed = compose(lasting, prompt)
        relationship = lasting.relationship(prompt.subject_id)
        if isinstance(composed, Composed) and relationship is not None:
            self._book(lasting, relationship, prompt.due_at + EVERY)
        return composed

    def opening(self, prompt_id: int, presser: PersonRef) -> PlanResult:
        with LastingRepository.reading(self.database) as lasting:
            found = _own(lasting, prompt_id, presser)
            return found if isinstance(found, PlanResult) else PlanResult(reply(), prompt_id)

    def submit(self, prompt_id: int, presser: PersonRef, plan: Plan) -> PlanResult:
        """Keep the goals and share the plan with the mentor."""
        problems = plan_problems(plan, self.clock.now().date())
        if problems:
            return PlanResult(reply(), prompt_id, problems)
        with LastingRepository.writing(self.database) as lasting:
            found = _own(lasting, prompt_id, presser)
            if isinstance(found, PlanResult):
                return found
            _, relationship = found
            if not lasting.prompts.answer_once(
                prompt_id, str(plan.self_assessment), self.clock.now()
            ):
                return PlanResult(reply(paragraph("You already sent this plan.")))
            self.outbox.post(
                lasting.session,
                direct(
                    PLAN_SHARED,
                    relationship.mentor_id,
                    shared_with_mentor(presser.user_id, plan),
                    dedupe_key=f"{PLAN_SHARED}:{prompt_id}",
                ),
            )
        for goal in plan.goals:
            suffix = f" ({plan.area})" if plan.area else ""
            self.goals.add(presser, (goal.text + suffix)[:200], goal.by)
        return PlanResult(
            reply(
                paragraph(
                    "Your plan is saved: the goals are in your goals, and your mentor has it."
                ),
                summary="Plan saved",
            )
        )


def _own(
    lasting: LastingRepository, prompt_id: int, presser: PersonRef
) -> tuple[Prompt, Relationship] | PlanResult:
    prompt = lasting.prompt(prompt_id)
    person = lasting.person(prompt.person_id) if prompt and prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id) if prompt else None
    if prompt is None or prompt.kind != PLAN or person is None or relationship is None:
        return PlanResult(reply(paragraph("This plan has closed.")))
    if (person.workspace_id, person.user_id) != (presser.workspace_id, presser.user_id):
        return PlanResult(reply(paragraph("This plan was for ", Mention(person.user_id), ".")))
    if relationship.ended_at is not None:
        return PlanResult(reply(paragraph("This mentoring has closed.")))
    return prompt, relationship


def compose(lasting: LastingRepository, prompt: Prompt) -> Composed | NotWanted:
    assert prompt.id is not None
    person = lasting.person(prompt.person_id) if prompt.person_id else None
    relationship = lasting.relationship(prompt.subject_id)
    if person is None or relationship is None or relationship.ended_at is not None:
        return NotWanted("relationship ended")
    mentor = lasting.person(relationship.mentor_id)
    to = PersonRef(person.platform, person.workspace_id, person.user_id)
    return Composed(to, invitation(prompt.id, mentor.user_id if mentor else ""))

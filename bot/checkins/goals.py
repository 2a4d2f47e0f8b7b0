"""Goals a mentee works on: listed, added, updated and completed; mentors see their mentees'."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.checkins.messages import goal_line
from bot.clock import Clock
from bot.identity import PersonRef
from bot.replies import (
    Choice,
    Choices,
    Header,
    Mention,
    Part,
    Reply,
    Strong,
    note,
    paragraph,
    reply,
)
from storage.db import Database
from storage.goals import GoalRepository, GoalStatus
from storage.models import Goal

GOAL_TEXT_LIMIT = 1000
SHOWN_DONE = 3
ADD_ACTION = "goal_add"
DONE_ACTION = "goal_done"
UPDATE_ACTION = "goal_update"


@dataclass(frozen=True)
class GoalView:
    id: int
    text: str
    target_date: date | None
    status: str


@dataclass(frozen=True)
class MenteeGoals:
    mentee_user_id: str
    goals: tuple[GoalView, ...]


class Change(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    NOT_YOURS = "not_yours"
    INVALID = "invalid"


@dataclass(frozen=True)
class GoalChange:
    """What happened; ``field`` names the bad input ("text" or "target_date") if any."""

    change: Change
    message: str
    field: str | None = None


def _view(goal: Goal) -> GoalView:
    assert goal.id is not None
    return GoalView(goal.id, goal.text, goal.target_date, goal.status)


def check_goal(text: str, target_date: date | None, today: date) -> GoalChange | None:
    """Why a goal cannot be saved as given, or None."""
    if not text.strip():
        return GoalChange(Change.INVALID, "Write the goal in a few words.", "text")
    if len(text.strip()) > GOAL_TEXT_LIMIT:
        return GoalChange(
            Change.INVALID, f"Keep the goal under {GOAL_TEXT_LIMIT} characters.", "text"
        )
    if target_date is not None and target_date < today:
        return GoalChange(
            Change.INVALID, "Pick a target date from today on, or leave it empty.", "target_date"
        )
    return None


class Goals:
    """Each person's goals; a mentee's goals belong to their current mentoring relationship."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database = database
        self.clock = clock

    def list(self, ref: PersonRef) -> tuple[GoalView, ...]:
        """Open goals, then the few most recently done."""
        with GoalRepository.reading(self.database) as goals:
            person = goals.people.find(ref)
            if person is None or person.id is None:
                return ()
            rows = goals.of_person(person.id)
        open_goals = [_view(g) for g in rows if g.status == GoalStatus.OPEN]
        done = sorted(
            (g for g in rows if g.status == GoalStatus.DONE),
            key=lambda g: g.completed_at or g.created_at,
            reverse=True,
        )
        return (*open_goals, *(_view(g) for g in done[:SHOWN_DONE]))

    def add(self, ref: PersonRef, text: str, target_date: date | None = None) -> GoalChange:
        now = self.clock.now()
        problem = check_goal(text, target_date, now.date())
        if problem:
            return problem
        with GoalRepository.writing(self.database) as goals:
            goals.add_for_mentee(goals.people.get_or_create(ref), text.strip(), target_date, now)
        return GoalChange(Change.SAVED, "Goal added.")

    def update(
        self, ref: PersonRef, goal_id: int, text: str, target_date: date | None
    ) -> GoalChange:
        problem = check_goal(text, target_date, self.clock.now().date())
        if problem:
            return problem
        with GoalRepository.writing(self.database) as goals:
            goal = goals.own_goal(ref, goal_id)
            if goal is None:
                return GoalChange(Change.NOT_YOURS, "That goal is not one of yours.")
            goal.text, goal.target_date = text.strip(), target_date
        return GoalChange(Change.SAVED, "Goal updated.")

    def complete(self, ref: PersonRef, goal_id: int) -> GoalChange:
        now = self.clock.now()
        with GoalRepository.writing(self.database) as goals:
            goal = goals.own_goal(ref, goal_id)
            if goal is None:
                return GoalChange(Change.NOT_YOURS, "That goal is not one of yours.")
            if goal.status == GoalStatus.DONE:
                return GoalChange(Change.UNCHANGED, "That goal was already done.")
            goals.mark_done(goal, now)
        return GoalChange(Change.SAVED, "Marked done. Well done!")

    def editable(self, ref: PersonRef, goal_id: int) -> GoalView | None:
        """A goal of this person's, to prefill the form that edits it."""
        with GoalRepository.reading(self.database) as goals:
            goal = goals.own_goal(ref, goal_id)
            return _view(goal) if goal else None

    def mentees_goals(self, ref: PersonRef) -> tuple[MenteeGoals, ...]:
        """The goals each current mentee of this mentor works on with them."""
        with GoalRepository.reading(self.database) as goals:
            mentor = goals.people.find(ref)
            if mentor is None or mentor.id is None:
                return ()
            return tuple(
                MenteeGoals(user_id, tuple(_view(g) for g in rows))
                for user_id, rows in goals.open_goals_of_mentees(mentor.id)
            )

    # --- what people see -----------------------------------------------------------------

    def goal_parts(self, ref: PersonRef, *, with_buttons: bool = True) -> tuple[Part, ...]:
        """The person's goals, each open one with Done and Update buttons."""
        goals = self.list(ref)
        parts: list[Part] = [Header("Your goals")]
        if not goals:
            parts.append(paragraph("No goals yet. A goal gives your check-ins something to track."))
        for goal in goals:
            status = " (done)" if goal.status == GoalStatus.DONE else ""
            parts.append(paragraph("• ", *goal_line(goal.text, goal.target_date), status))
            if with_buttons and goal.status == GoalStatus.OPEN:
                parts.append(
                    Choices(
                        (
                            Choice(DONE_ACTION, "Done", str(goal.id), "primary"),
                            Choice(UPDATE_ACTION, "Update", str(goal.id)),
                        )
                    )
                )
        if with_buttons:
            parts.append(Choices((Choice(ADD_ACTION, "Add a goal", "new"),)))
        return tuple(parts)

    def mentee_parts(self, ref: PersonRef) -> tuple[Part, ...]:
        parts: list[Part] = []
        for mentee in self.mentees_goals(ref):
            if not parts:
                parts.append(Header("Your mentees' goals"))
            if not mentee.goals:
                parts.append(paragraph(Mention(mentee.mentee_user_id), ": no open goals yet."))
            for goal in mentee.goals:
                parts.append(
                    paragraph(
                        Mention(mentee.mentee_user_id),
                        ": ",
                        *goal_line(goal.text, goal.target_date),
                    )
                )
        return tuple(parts)

    def goals_reply(self, ref: PersonRef, notice: str | None = None) -> Reply:
        """`/mentor goals`: the list with its buttons, after an optional one-line notice."""
        parts: list[Part] = [paragraph(Strong(notice))] if notice else []
        parts.extend(self.goal_parts(ref))
        parts.extend(self.mentee_parts(ref))
        parts.append(note("Shortcut: /mentor goals add <your goal>"))
        return reply(*parts, summary=notice or "Your goals")

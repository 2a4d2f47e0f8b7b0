"""`goals` in Teams: list, add, update and complete goals, with the service calls Slack makes."""

import re

from bot.bootstrap import Services
from bot.checkins.goals import ADD_ACTION, DONE_ACTION, UPDATE_ACTION, Change, GoalView
from bot.identity import PersonRef
from bot.replies import Header, note, reply
from handlers.teams import forms
from handlers.teams.actions import Actions, Answer, Press, say
from handlers.teams.addresses import Addresses
from handlers.teams.mentoring import form_card
from handlers.teams.render import Element, Form, Input, Names, to_card, with_values

COMMAND = re.compile(r"^goals\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
ADD_SHORTCUT = re.compile(r"^add\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
SAVE_ACTION = "goal.save"
NOT_YOURS = "That goal is not one of yours."

GOAL_FORM = Form(
    inputs=(
        Input(
            "text",
            "Goal",
            "long_text",
            required=True,
            placeholder="e.g. Submit my QI abstract",
            max_length=1000,
        ),
        Input("target_date", "Target date (optional)", "date"),
    ),
    submit="Save",
)


def goal_form_card(names: Names, goal: GoalView | None, problem: str | None = None) -> Element:
    """The add or update form; an update comes filled in, a rejected try says what to fix."""
    values = {}
    if goal is not None:
        values["text"] = goal.text
        values["target_date"] = goal.target_date.isoformat() if goal.target_date else ""
    intro = reply(
        Header("Update goal" if goal and goal.id else "Add a goal"),
        *([note("⚠ ", problem)] if problem else []),
    )
    value = str(goal.id) if goal and goal.id else ""
    return form_card(intro, with_values(GOAL_FORM, values), SAVE_ACTION, names, value)


def command_card(services: Services, person: PersonRef, rest: str, names: Names) -> Element:
    """What `goals`, `goals add` and `goals add <text>` show in the personal chat."""
    shortcut = ADD_SHORTCUT.match(rest.strip())
    if shortcut and not shortcut[1].strip():
        return goal_form_card(names, None)
    notice = None
    if shortcut:
        notice = services.goals.add(person, shortcut[1]).message
    elif rest.strip():
        notice = "To add a goal, type goals add followed by the goal."
    return to_card(services.goals.goals_reply(person, notice), names)


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    goals = services.goals

    def names_for(press: Press) -> Names:
        return addresses.names(press.person.workspace_id)

    @actions.on(ADD_ACTION)
    def add(press: Press) -> Answer:
        return Answer(card=goal_form_card(names_for(press), None))

    @actions.on(UPDATE_ACTION)
    def update(press: Press) -> Answer:
        goal = goals.editable(press.person, int(press.value))
        if goal is None:
            return say(NOT_YOURS)
        return Answer(card=goal_form_card(names_for(press), goal))

    @actions.on(DONE_ACTION)
    def done(press: Press) -> Answer:
        change = goals.complete(press.person, int(press.value))
        if change.change == Change.NOT_YOURS:
            return say(change.message)
        return Answer(replace=goals.goals_reply(press.person, change.message))

    @actions.on(SAVE_ACTION)
    def save(press: Press) -> Answer:
        text, target = press.field("text"), forms.parse_day(press.field("target_date"))
        change = (
            goals.update(press.person, int(press.value), text, target)
            if press.value
            else goals.add(press.person, text, target)
        )
        if change.change == Change.INVALID:
            typed = GoalView(int(press.value or 0), text, target, "open")
            return Answer(card=goal_form_card(names_for(press), typed, change.message))
        if change.change == Change.NOT_YOURS:
            return say(change.message)
        return Answer(replace=goals.goals_reply(press.person, change.message))

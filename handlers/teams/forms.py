"""The forms Teams shows where Slack opens a modal: under a card, or as a card of their own."""

from datetime import date

from bot.meetings.messages import PROPOSE_ACTION
from bot.mentoring import messages
from bot.mentoring.model import EndReason, Format, MentoringRole
from handlers.teams.render import Form, Input

REQUEST_SUBMIT = "request.submit"

REQUEST = Form(
    inputs=(
        Input(
            "goal",
            "What would you like help with?",
            "long_text",
            required=True,
            placeholder="e.g. choosing a fellowship, a first research project, a tough rotation",
            max_length=3000,
        ),
        Input(
            "format",
            "What kind of mentoring?",
            "choice",
            choices=tuple((f.value, f.label.capitalize()) for f in Format),
            initial=Format.ONE_OFF.value,
        ),
        Input("by_date", "By when? (optional)", "date"),
        Input(
            "role",
            "What kind of mentor? (optional)",
            "choice",
            choices=tuple((role.value, role.label) for role in MentoringRole),
        ),
        Input(
            "sensitive",
            "Is it sensitive (wellbeing, say)?",
            "choice",
            choices=(
                ("no", "No"),
                ("yes", "Yes: keep it from anyone who evaluates me; reports only count it"),
            ),
            initial="no",
        ),
    ),
    submit="Find mentors",
)

DECLINE = Form(
    inputs=(
        Input("reason", "Anything we should know? (optional, private)", "long_text"),
        Input("unavailable_until", "No new requests until (optional)", "date"),
    ),
    submit="Decline",
    intro="We'll pass the request on to the next mentor.",
)

SUGGEST = Form(
    inputs=(Input("colleague", "Which colleague?", "person", required=True),),
    submit="Suggest them",
    intro="We'll ask them next and tell the mentee you suggested them.",
)

REFLECT = Form(
    inputs=(Input("reflection", "Two lines are plenty", "long_text", required=True),),
    submit="Save reflection",
    intro="Your reflection stays confidential.",
)


PROPOSE_TIME = Form(
    inputs=(
        Input("day", "Which day?", "date", required=True),
        Input(
            "at",
            "At what time? (your time zone)",
            "choice",
            choices=tuple(
                (f"{hour:02}:{minute:02}", f"{hour:02}:{minute:02}")
                for hour in range(6, 22)
                for minute in (0, 30)
            ),
            required=True,
            initial="16:00",
        ),
    ),
    submit="Propose it",
    intro="Everyone sees it in their own time zone.",
)


def end_form(relationships: list[tuple[int, str, str]]) -> Form:
    return Form(
        inputs=(
            Input(
                "relationship",
                "Which mentoring relationship?",
                "choice",
                choices=tuple(
                    (str(rid), f"{name}: {goal[:40]}") for rid, name, goal in relationships
                ),
                required=True,
            ),
            Input(
                "reason",
                "Why is it ending?",
                "choice",
                choices=tuple((r.value, r.label) for r in EndReason),
                initial=EndReason.GOAL_REACHED.value,
            ),
        ),
        submit="Close it",
    )


# Choices on proactive cards that gather input first.
CHOICE_FORMS = {
    PROPOSE_ACTION: PROPOSE_TIME,
    messages.DECLINE: DECLINE,
    messages.SUGGEST: SUGGEST,
    messages.REFLECT: REFLECT,
}


def parse_day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None

from collections.abc import Sequence

from bot.matching.vocabulary import ConceptKind
from bot.mentoring.model import EndReason, Format, MentoringRole, RequestInput
from handlers.slack.views.inputs import (
    Block,
    Submission,
    checkboxes,
    date_picker,
    input_block,
    modal,
    multi_select,
    radio,
    static_select,
    text_input,
    users_select,
)
from handlers.slack.views.profile import concept_choices

REQUEST = "mentor_request"
DECLINE = "decline_request"
SUGGEST = "suggest_colleague"
END = "end_relationship"
REFLECT = "reflection"
FORMAT_CHOICES = (
    (Format.ONE_OFF.value, "A one-off 30-minute coffee chat"),
    (Format.ONGOING.value, "Ongoing mentoring"),
)


ROLE_CHOICES = tuple((role.value, role.label) for role in MentoringRole)
SENSITIVE_CHOICE = (
    ("sensitive", "Sensitive (wellbeing, say): keep it from anyone who evaluates me"),
)


def request_modal(goal: str, role: MentoringRole | None = None) -> Block:
    return modal(
        REQUEST,
        "Ask for a mentor",
        [
            input_block(
                "goal",
                "What would you like help with?",
                text_input(goal, multiline=True, max_length=3000),
                hint="In your own words, e.g. “fellowship applications in peds cards”.",
            ),
            input_block(
                "topics",
                "Topics",
                multi_select(concept_choices(ConceptKind.TOPIC), (), "Optional"),
                optional=True,
            ),
            input_block(
                "specialty",
                "Specialty",
                static_select(concept_choices(ConceptKind.SPECIALTY), None, "Optional"),
                optional=True,
            ),
            input_block(
                "role",
                "What kind of mentor?",
                static_select(ROLE_CHOICES, role.value if role else None, "Optional"),
                optional=True,
            ),
            input_block("format", "Format", radio(FORMAT_CHOICES, Format.ONE_OFF.value)),
            input_block("by_date", "By when?", date_picker(None), optional=True),
            input_block(
                "sensitive",
                "Privacy",
                checkboxes(
                    SENSITIVE_CHOICE, ["sensitive"] if role is MentoringRole.WELLBEING else []
                ),
                optional=True,
                hint="Sensitive requests prefer mentors outside your department; reports only "
                "count them.",
            ),
        ],
        "Find mentors",
    )


def read_request(submission: Submission) -> RequestInput:
    return RequestInput(
        goal=submission.text("goal"),
        topics=tuple(submission.choices("topics")),
        specialty=submission.choice("specialty"),
        format=Format(submission.choice("format") or Format.ONE_OFF.value),
        by_date=submission.day("by_date"),
        role=MentoringRole(role) if (role := submission.choice("role")) else None,
        sensitive="sensitive" in submission.choices("sensitive"),
    )


def decline_modal(metadata: str) -> Block:
    return modal(
        DECLINE,
        "Decline the request",
        [
            input_block(
                "reason",
                "Anything we should know? (optional)",
                text_input(None, max_length=500),
                optional=True,
                hint="Only the program organizers see this, never the mentee.",
            ),
            input_block(
                "unavailable_until",
                "I'm unavailable until",
                date_picker(None),
                optional=True,
                hint="Pick a date to pause new requests until then.",
            ),
        ],
        "Decline",
        metadata,
    )


def suggest_modal(metadata: str) -> Block:
    return modal(
        SUGGEST,
        "Suggest a colleague",
        [input_block("colleague", "Who could help?", users_select((), multi=False))],
        "Send it to them",
        metadata,
    )


def end_modal(relationships: Sequence[tuple[int, str]]) -> Block:
    return modal(
        END,
        "Close a relationship",
        [
            input_block(
                "relationship",
                "Which one?",
                static_select([(str(rid), label) for rid, label in relationships], None, "Choose"),
            ),
            input_block(
                "reason",
                "Why is it ending?",
                radio([(r.value, r.label) for r in EndReason], EndReason.GOAL_REACHED.value),
            ),
        ],
        "Close it",
    )


def reflection_modal(relationship_id: int) -> Block:
    return modal(
        REFLECT,
        "A short reflection",
        [
            input_block(
                "reflection",
                "Two lines on what you take from it",
                text_input(None, multiline=True, max_length=500),
                hint="Confidential: never shown with your name.",
            )
        ],
        "Share",
        str(relationship_id),
    )

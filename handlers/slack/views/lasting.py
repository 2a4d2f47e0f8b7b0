"""The outcome survey's form in Slack: one side's 1–5 questions."""

from bot.lasting.agreement import (
    CADENCE_CHOICES,
    CONFIDENTIALITY,
    AgreementForm,
    Terms,
    goals_of,
)
from bot.lasting.plan import AREAS, MAX_PLAN_GOALS, Plan, PlanGoal
from bot.lasting.surveys import QUESTIONS, SCALE_CHOICES, SurveyForm
from handlers.slack.views.inputs import (
    Block,
    Submission,
    checkboxes,
    date_picker,
    input_block,
    modal,
    radio,
    static_select,
    text_input,
)

AGREEMENT = "mentoring_agreement"
PRACTICE = "mentor_practice"
PLAN = "development_plan"

SURVEY = "outcome_survey"


def survey_modal(form: SurveyForm) -> Block:
    return modal(
        SURVEY,
        form.milestone.label.capitalize(),
        [
            input_block(field, question, static_select(SCALE_CHOICES, None, "1 to 5"))
            for field, question in QUESTIONS[form.side]
        ],
        "Send",
        str(form.prompt_id),
    )


def read_survey(submission: Submission) -> dict[str, int]:
    answers = {}
    for block_id in submission.values:
        chosen = submission.choice(block_id)
        if chosen and chosen.isdigit():
            answers[block_id] = int(chosen)
    return answers


def agreement_modal(form: AgreementForm) -> Block:
    terms = form.terms
    blocks = [
        input_block("cadence", "We meet", radio(list(CADENCE_CHOICES), str(terms.cadence_weeks))),
        input_block(
            "first_goals",
            "Our first goals (one a line)",
            text_input("\n".join(terms.first_goals), multiline=True, max_length=1000),
            optional=True,
        ),
        input_block(
            "confidential",
            "Confidentiality",
            checkboxes(
                (("yes", "We keep it confidential"),), ["yes"] if terms.confidential else []
            ),
            optional=True,
            hint=CONFIDENTIALITY,
        ),
    ]
    return modal(AGREEMENT, "Mentoring agreement", blocks, "Agree", str(form.prompt_id))


def read_terms(submission: Submission) -> Terms:
    cadence = submission.choice("cadence") or "2"
    return Terms(
        cadence_weeks=int(cadence) if cadence.isdigit() else 2,
        first_goals=goals_of(submission.text("first_goals")),
        confidential="yes" in submission.choices("confidential"),
    )


def practice_modal(prompt_id: int, question: str) -> Block:
    return modal(
        PRACTICE,
        "Two-minute practice",
        [
            {"type": "section", "text": {"type": "plain_text", "text": question}},
            input_block(
                "answer",
                "Your answer",
                text_input(None, multiline=True, max_length=500),
                optional=True,
                hint="Yours alone: Rounds keeps none of it, only that you tried.",
            ),
        ],
        "Done",
        str(prompt_id),
    )


def plan_modal(prompt_id: int) -> Block:
    blocks = [
        input_block(
            "self_assessment",
            "How do you rate your own progress?",
            static_select(SCALE_CHOICES, None, "1 to 5"),
        )
    ]
    for number in range(1, MAX_PLAN_GOALS + 1):
        blocks += [
            input_block(
                f"goal{number}",
                f"Goal {number}",
                text_input(None, max_length=200),
                optional=number > 1,
            ),
            input_block(f"goal{number}_by", "By when?", date_picker(None), optional=True),
        ]
    blocks.append(
        input_block(
            "area",
            "Tied to (optional)",
            static_select([(area, area) for area in AREAS], None, "ACGME or CanMEDS"),
            optional=True,
        )
    )
    return modal(PLAN, "Development plan", blocks, "Save my plan", str(prompt_id))


def read_plan(submission: Submission) -> Plan:
    score = submission.choice("self_assessment") or "0"
    goals = tuple(
        PlanGoal(text, submission.day(f"goal{n}_by"))
        for n in range(1, MAX_PLAN_GOALS + 1)
        if (text := submission.text(f"goal{n}"))
    )
    return Plan(int(score) if score.isdigit() else 0, goals, submission.choice("area"))

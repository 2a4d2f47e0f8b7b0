"""The outcome survey's form in Slack: one side's 1–5 questions."""

from bot.lasting.surveys import QUESTIONS, SCALE, SurveyForm
from handlers.slack.views.inputs import Block, Submission, input_block, modal, static_select

SURVEY = "outcome_survey"
SCALE_CHOICES = tuple((str(n), label) for n, label in enumerate(SCALE, start=1))


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

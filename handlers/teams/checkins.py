"""Check-in answers in Teams: the same service calls the Slack listener makes, from card actions.

Where Slack opens a modal for the confidential feedback, Teams turns the pressed card into
the form; sending it keeps the feedback once.
"""

from collections.abc import Mapping

from bot.bootstrap import Services
from bot.checkins import AnswerResult, FeedbackAnswers, FeedbackForm, Outcome
from bot.checkins.messages import CONFIDENTIAL, USEFULNESS_LABELS, answer_action
from bot.checkins.model import ANSWER_LABELS
from bot.replies import Mention, Reply, Span, note, paragraph, reply
from handlers.teams.actions import Actions, Answer, Press
from handlers.teams.addresses import Addresses
from handlers.teams.mentoring import form_card
from handlers.teams.render import Element, Form, Input, Names, with_values

FEEDBACK_SUBMIT = "checkins.feedback"
PICK_USEFULNESS = "Pick how useful it was, from 1 to 5."
PICK_AGAIN = "Pick whether you would meet again."

FEEDBACK = Form(
    inputs=(
        Input(
            "usefulness",
            "How useful was it?",
            "choice",
            choices=tuple((str(n), label) for n, label in enumerate(USEFULNESS_LABELS, start=1)),
            required=True,
        ),
        Input("again", "Would you meet again?", "choice", (("yes", "Yes"), ("no", "No")), True),
        Input("comment", "Anything else? (optional)", "long_text", max_length=2000),
    ),
    submit="Send",
    intro=CONFIDENTIAL,
)


def feedback_card(
    form: FeedbackForm,
    names: Names,
    values: Mapping[str, str] | None = None,
    problems: tuple[str, ...] = (),
) -> Element:
    """The confidential feedback form as a card; problems from a first try are shown on it."""
    about: list[Span | str] = []
    for index, user_id in enumerate(form.with_user_ids):
        about += [", " if index else "About your conversation with ", Mention(user_id)]
    intro = reply(
        paragraph("How did it go?"),
        *([paragraph(*about, ".")] if about else []),
        *(note("⚠ ", text) for text in problems),
    )
    return form_card(
        intro, with_values(FEEDBACK, values or {}), FEEDBACK_SUBMIT, names, str(form.prompt_id)
    )


def _feedback_answers(press: Press) -> FeedbackAnswers | tuple[str, ...]:
    """What the form says, or what is missing from it."""
    usefulness, again = press.field("usefulness"), press.field("again")
    problems = (
        *(() if usefulness in {"1", "2", "3", "4", "5"} else (PICK_USEFULNESS,)),
        *(() if again in {"yes", "no"} else (PICK_AGAIN,)),
    )
    if problems:
        return problems
    return FeedbackAnswers(int(usefulness), again == "yes", press.field("comment") or None)


def _shown(result: AnswerResult) -> Answer:
    """A recorded answer replaces the prompt; a refusal or a repeat only says why."""
    message: Reply = result.message or reply()
    return Answer(replace=message) if result.replace else Answer(message=message)


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    checkins = services.checkins

    def on_answer(answer: str) -> None:
        @actions.on(answer_action(answer))
        def answered(press: Press) -> Answer:
            result = checkins.answer(int(press.value), press.person, answer)
            if result.feedback_form is not None:
                names = addresses.names(press.person.workspace_id)
                return Answer(card=feedback_card(result.feedback_form, names))
            return _shown(result)

    for answer in ANSWER_LABELS:
        on_answer(answer)

    @actions.on(FEEDBACK_SUBMIT)
    def submit_feedback(press: Press) -> Answer:
        prompt_id = int(press.value)
        answers = _feedback_answers(press)
        if isinstance(answers, tuple):
            names = addresses.names(press.person.workspace_id)
            form = FeedbackForm(prompt_id, ())
            return Answer(card=feedback_card(form, names, press.inputs, answers))
        result = checkins.submit_feedback(prompt_id, press.person, answers)
        message = result.message or reply()
        if result.outcome == Outcome.RECORDED:
            return Answer(replace=message)
        return Answer(message=message)

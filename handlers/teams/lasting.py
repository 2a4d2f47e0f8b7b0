"""Mentoring that lasts in Teams: fit-check answers and outcome surveys, from card actions."""

from bot.bootstrap import Services
from bot.lasting.fit import FitAnswer
from bot.lasting.surveys import MENTEE_FORM, MENTOR_FORM, QUESTIONS, SCALE, Side
from handlers.teams.actions import Actions, Answer, Handler, Press
from handlers.teams.addresses import Addresses
from handlers.teams.render import Form, Input

SURVEY_FORMS = {
    action_id: Form(
        inputs=tuple(
            Input(
                field,
                question,
                "choice",
                choices=tuple((str(n), label) for n, label in enumerate(SCALE, start=1)),
                required=True,
            )
            for field, question in QUESTIONS[side]
        ),
        submit="Send",
        intro="Confidential: never shown to them.",
    )
    for action_id, side in ((MENTEE_FORM, Side.MENTEE), (MENTOR_FORM, Side.MENTOR))
}


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    for answer in FitAnswer:
        actions.on(answer.action_id)(_fit_handler(services, answer))
    for action_id in SURVEY_FORMS:
        actions.on(action_id)(_survey_handler(services))


def _fit_handler(services: Services, answer: FitAnswer) -> Handler:
    def fit_answered(press: Press) -> Answer:
        result = services.fit_checks.answer(int(press.value), press.person, answer)
        return Answer(replace=result.shown) if result.replace else Answer(message=result.shown)

    return fit_answered


def _survey_handler(services: Services) -> Handler:
    def survey_sent(press: Press) -> Answer:
        answers = {
            name: int(value)
            for name, value in press.inputs.items()
            if isinstance(value, str) and value.isdigit()
        }
        opened = services.surveys.form_for(int(press.value), press.person)
        if opened.form is None:
            return Answer(message=opened.shown)
        return Answer(
            replace=services.surveys.submit(int(press.value), press.person, answers).shown
        )

    return survey_sent

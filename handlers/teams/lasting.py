"""Mentoring that lasts in Teams: the fit check's private answers, from card actions."""

from bot.bootstrap import Services
from bot.lasting.fit import FitAnswer
from handlers.teams.actions import Actions, Answer, Handler, Press
from handlers.teams.addresses import Addresses


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    for answer in FitAnswer:
        actions.on(answer.action_id)(_fit_handler(services, answer))


def _fit_handler(services: Services, answer: FitAnswer) -> Handler:
    def fit_answered(press: Press) -> Answer:
        result = services.fit_checks.answer(int(press.value), press.person, answer)
        return Answer(replace=result.shown) if result.replace else Answer(message=result.shown)

    return fit_answered

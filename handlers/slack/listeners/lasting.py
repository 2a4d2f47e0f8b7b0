"""Mentoring that lasts in Slack: the mentoring team, its one-click asks, the fit check."""

from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.lasting.agreement import OPEN_AGREEMENT, terms_problems
from bot.lasting.fit import FitAnswer
from bot.lasting.plan import OPEN_PLAN
from bot.lasting.practice import ACTIONS, TRY, PracticeAnswer
from bot.lasting.surveys import MENTEE_FORM, MENTOR_FORM
from bot.lasting.team import ASK_FOR_ROLE, mentoring_team, team_reply
from bot.mentoring.model import MentoringRole
from bot.replies import Reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import action_value, presser, respond_privately
from handlers.slack.render import message_payload
from handlers.slack.views import request as request_views
from handlers.slack.views.checkins import message_view
from handlers.slack.views.inputs import Block, Submission
from handlers.slack.views.lasting import (
    AGREEMENT,
    PLAN,
    PRACTICE,
    SURVEY,
    agreement_modal,
    plan_modal,
    practice_modal,
    read_plan,
    read_survey,
    read_terms,
    survey_modal,
)


def team_command(services: Services, invocation: Invocation) -> None:
    team = mentoring_team(services.database, invocation.user)
    invocation.ack(response_type="ephemeral", **message_payload(team_reply(team)))


def ask_for_role(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    """Open the /mentor form with the missing kind of mentor already chosen."""
    ack()
    try:
        role = MentoringRole(action_value(body))
    except ValueError:
        role = None
    client.views_open(trigger_id=body["trigger_id"], view=request_views.request_modal("", role))


#: Who pressed, and on which prompt: what the press shows, and whether in place of the card.
Answering = Callable[[Services, int, PersonRef], tuple[Reply, bool]]
#: The form a prompt's button opens, or why it cannot open.
Opening = Callable[[Services, int, PersonRef], Block | Reply]
#: What a submitted form shows, or the problems to show on it (by block id).
Submitting = Callable[[Services, int, PersonRef, Submission], Reply | dict[str, str]]


def prompt_answered(
    services: Services, answering: Answering, ack: Ack, body: dict[str, Any], respond: Respond
) -> None:
    """A button that answers a prompt outright (fit check, practice skip or stop)."""
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    shown, in_place = answering(services, int(prompt_id), presser(body))
    if in_place:
        respond(replace_original=True, **message_payload(shown))
    else:
        respond_privately(respond)(shown)


def prompt_form_pressed(
    services: Services,
    opening: Opening,
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
) -> None:
    """A prompt's button that opens its form (survey, agreement, plan, practice)."""
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    opened = opening(services, int(prompt_id), presser(body))
    if isinstance(opened, Reply):
        respond_privately(respond)(opened)
        return
    client.views_open(trigger_id=body["trigger_id"], view=opened)


def prompt_form_submitted(
    services: Services,
    title: str,
    submitting: Submitting,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
) -> None:
    submission = Submission(view)
    if not submission.metadata.isdigit():
        ack()
        return
    result = submitting(services, int(submission.metadata), presser(body), submission)
    if isinstance(result, dict):
        ack(response_action="errors", errors=result)
        return
    ack(response_action="update", view=message_view(title, result))


def fit_answer(answer: FitAnswer) -> Answering:
    def answering(services: Services, prompt_id: int, person: PersonRef) -> tuple[Reply, bool]:
        result = services.fit_checks.answer(prompt_id, person, answer)
        return result.shown, result.replace

    return answering


def practice_answer(answer: PracticeAnswer) -> Answering:
    def answering(services: Services, prompt_id: int, person: PersonRef) -> tuple[Reply, bool]:
        return services.practice.answer(prompt_id, person, answer), True

    return answering


def survey_form(services: Services, prompt_id: int, person: PersonRef) -> Block | Reply:
    opened = services.surveys.form_for(prompt_id, person)
    return survey_modal(opened.form) if opened.form else opened.shown


def survey_sent(
    services: Services, prompt_id: int, person: PersonRef, submission: Submission
) -> Reply:
    return services.surveys.submit(prompt_id, person, read_survey(submission)).shown


def agreement_form(services: Services, prompt_id: int, person: PersonRef) -> Block | Reply:
    opened = services.agreements.form_for(prompt_id, person)
    return agreement_modal(opened.form) if opened.form else opened.shown


def agreement_sent(
    services: Services, prompt_id: int, person: PersonRef, submission: Submission
) -> Reply | dict[str, str]:
    terms = read_terms(submission)
    problems = terms_problems(terms)
    return problems or services.agreements.submit(prompt_id, person, terms).shown


def plan_form(services: Services, prompt_id: int, person: PersonRef) -> Block | Reply:
    opened = services.plans.opening(prompt_id, person)
    return plan_modal(opened.prompt_id) if opened.prompt_id is not None else opened.shown


def plan_sent(
    services: Services, prompt_id: int, person: PersonRef, submission: Submission
) -> Reply | dict[str, str]:
    result = services.plans.submit(prompt_id, person, read_plan(submission))
    if result.problems:
        return {("goal1" if k == "goals" else k): v for k, v in result.problems.items()}
    return result.shown


def practice_form(services: Services, prompt_id: int, person: PersonRef) -> Block | Reply:
    opened = services.practice.question(prompt_id, person)
    return practice_modal(prompt_id, opened.question) if opened.question else opened.shown


def practice_sent(
    services: Services, prompt_id: int, person: PersonRef, submission: Submission
) -> Reply:
    # What they wrote is not read: the practice is theirs alone.
    return services.practice.answer(prompt_id, person, PracticeAnswer.TRIED)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "team")(partial(team_command, services))
    app.action(ASK_FOR_ROLE)(ask_for_role)
    for answer in FitAnswer:
        app.action(answer.action_id)(partial(prompt_answered, services, fit_answer(answer)))
    for action_id, choice in ACTIONS.items():
        app.action(action_id)(partial(prompt_answered, services, practice_answer(choice)))
    forms: tuple[tuple[tuple[str, ...], str, Opening, str, Submitting], ...] = (
        ((MENTEE_FORM, MENTOR_FORM), SURVEY, survey_form, "Thank you", survey_sent),
        ((OPEN_AGREEMENT,), AGREEMENT, agreement_form, "Agreement", agreement_sent),
        ((OPEN_PLAN,), PLAN, plan_form, "Plan saved", plan_sent),
        ((TRY,), PRACTICE, practice_form, "Thank you", practice_sent),
    )
    for action_ids, callback_id, opening, title, submitting in forms:
        for action_id in action_ids:
            app.action(action_id)(partial(prompt_form_pressed, services, opening))
        app.view(callback_id)(partial(prompt_form_submitted, services, title, submitting))

"""Mentoring that lasts in Slack: the mentoring team, its one-click asks, the fit check."""

from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.lasting.agreement import OPEN_AGREEMENT, terms_problems
from bot.lasting.fit import FitAnswer
from bot.lasting.plan import OPEN_PLAN
from bot.lasting.practice import ACTIONS, TRY, PracticeAnswer
from bot.lasting.surveys import MENTEE_FORM, MENTOR_FORM
from bot.lasting.team import ASK_FOR_ROLE, mentoring_team, team_reply
from bot.mentoring.model import MentoringRole
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import action_value, presser, respond_privately
from handlers.slack.render import message_payload
from handlers.slack.views import request as request_views
from handlers.slack.views.checkins import message_view
from handlers.slack.views.inputs import Submission
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


def fit_answered(
    services: Services, answer: FitAnswer, ack: Ack, body: dict[str, Any], respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    result = services.fit_checks.answer(int(prompt_id), presser(body), answer)
    if result.replace:
        respond(replace_original=True, **message_payload(result.shown))
    else:
        respond_privately(respond)(result.shown)


def survey_pressed(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    opened = services.surveys.form_for(int(prompt_id), presser(body))
    if opened.form is None:
        respond_privately(respond)(opened.shown)
        return
    client.views_open(trigger_id=body["trigger_id"], view=survey_modal(opened.form))


def survey_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    submission = Submission(view)
    if not submission.metadata.isdigit():
        ack()
        return
    result = services.surveys.submit(
        int(submission.metadata), presser(body), read_survey(submission)
    )
    ack(response_action="update", view=message_view("Thank you", result.shown))


def agreement_pressed(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    opened = services.agreements.form_for(int(prompt_id), presser(body))
    if opened.form is None:
        respond_privately(respond)(opened.shown)
        return
    client.views_open(trigger_id=body["trigger_id"], view=agreement_modal(opened.form))


def agreement_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    submission = Submission(view)
    terms = read_terms(submission)
    problems = terms_problems(terms)
    if problems or not submission.metadata.isdigit():
        ack(response_action="errors", errors=problems)
        return
    ack()
    result = services.agreements.submit(int(submission.metadata), presser(body), terms)
    services.messenger.send_direct(presser(body), result.shown)


def practice_try(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    opened = services.practice.question(int(prompt_id), presser(body))
    if opened.question is None:
        respond_privately(respond)(opened.shown)
        return
    client.views_open(
        trigger_id=body["trigger_id"], view=practice_modal(int(prompt_id), opened.question)
    )


def practice_done(services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
    # What they wrote is not read: the practice is theirs alone.
    metadata = str(view.get("private_metadata") or "")
    if not metadata.isdigit():
        ack()
        return
    shown = services.practice.answer(int(metadata), presser(body), PracticeAnswer.TRIED)
    ack(response_action="update", view=message_view("Thank you", shown))


def practice_choice(
    services: Services, answer: PracticeAnswer, ack: Ack, body: dict[str, Any], respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if prompt_id.isdigit():
        shown = services.practice.answer(int(prompt_id), presser(body), answer)
        respond(replace_original=True, **message_payload(shown))


def plan_pressed(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    prompt_id = action_value(body)
    if not prompt_id.isdigit():
        return
    opened = services.plans.opening(int(prompt_id), presser(body))
    if opened.prompt_id is None:
        respond_privately(respond)(opened.shown)
        return
    client.views_open(trigger_id=body["trigger_id"], view=plan_modal(opened.prompt_id))


def plan_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any]
) -> None:
    submission = Submission(view)
    if not submission.metadata.isdigit():
        ack()
        return
    result = services.plans.submit(int(submission.metadata), presser(body), read_plan(submission))
    if result.problems:
        errors = {("goal1" if k == "goals" else k): v for k, v in result.problems.items()}
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=message_view("Plan saved", result.shown))


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "team")(partial(team_command, services))
    app.action(ASK_FOR_ROLE)(ask_for_role)
    for answer in FitAnswer:
        app.action(answer.action_id)(partial(fit_answered, services, answer))
    for action_id in (MENTEE_FORM, MENTOR_FORM):
        app.action(action_id)(partial(survey_pressed, services))
    app.view(SURVEY)(partial(survey_submitted, services))
    app.action(OPEN_AGREEMENT)(partial(agreement_pressed, services))
    app.view(AGREEMENT)(partial(agreement_submitted, services))
    app.action(OPEN_PLAN)(partial(plan_pressed, services))
    app.view(PLAN)(partial(plan_submitted, services))
    app.action(TRY)(partial(practice_try, services))
    app.view(PRACTICE)(partial(practice_done, services))
    for action_id, choice in ACTIONS.items():
        app.action(action_id)(partial(practice_choice, services, choice))

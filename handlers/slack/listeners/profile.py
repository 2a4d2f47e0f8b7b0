from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.mentoring.overview import PAUSE, RESUME
from bot.profiles import ProfileProblems
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.home import publish_home
from handlers.slack.views.inputs import Submission
from handlers.slack.views.profile import CALLBACK, profile_modal, read_profile

OPEN_ACTION = "profile.open"
PAUSE_FOR = timedelta(days=30)


def open_profile(services: Services, client: WebClient, trigger_id: str, ref: PersonRef) -> None:
    client.views_open(trigger_id=trigger_id, view=profile_modal(services.profiles.load(ref)))


def register(app: App, services: Services, router: CommandRouter) -> None:
    @router.on("/mentor", "profile")
    def profile_command(invocation: Invocation) -> None:
        invocation.ack()
        open_profile(services, invocation.client, invocation.trigger_id, invocation.user)

    @app.action(OPEN_ACTION)
    def profile_button(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
        open_profile(services, client, body["trigger_id"], ref)

    @app.action(PAUSE)
    def pause(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
        services.profiles.pause(ref, services.clock.now().date() + PAUSE_FOR)
        publish_home(services, client, ref)

    @app.action(RESUME)
    def resume(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
        services.profiles.pause(ref, None)
        publish_home(services, client, ref)

    @app.view(CALLBACK)
    def profile_submitted(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
        try:
            services.profiles.save(ref, read_profile(Submission(view)))
        except ProfileProblems as problems:
            ack(response_action="errors", errors=problems.problems)
            return
        ack()
        publish_home(services, client, ref)

"""`/mentor profile`, the App Home's profile button, and pausing or resuming requests."""

from datetime import timedelta
from functools import partial
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.mentoring.overview import PAUSE, RESUME
from bot.profiles import ProfileProblems, saved_summary
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import presser
from handlers.slack.listeners.home import publish_home
from handlers.slack.views.availability import availability_blocks, read_availability
from handlers.slack.views.checkins import message_view
from handlers.slack.views.inputs import Submission
from handlers.slack.views.profile import CALLBACK, profile_modal, read_profile

OPEN_ACTION = "profile.open"
PAUSE_FOR = timedelta(days=30)


def open_profile(services: Services, client: WebClient, trigger_id: str, ref: PersonRef) -> None:
    member = services.people.find(ref)
    zone = (member.timezone if member else None) or services.settings.DEFAULT_TIMEZONE
    availability = availability_blocks(services.meetings.availability(ref), zone)
    client.views_open(
        trigger_id=trigger_id, view=profile_modal(services.profiles.load(ref), availability)
    )


def profile_command(services: Services, invocation: Invocation) -> None:
    invocation.ack()
    open_profile(services, invocation.client, invocation.trigger_id, invocation.user)


def profile_button(services: Services, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    open_profile(services, client, body["trigger_id"], presser(body))


def pause(services: Services, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    ref = presser(body)
    services.profiles.pause(ref, services.clock.now().date() + PAUSE_FOR)
    publish_home(services, client, ref)


def resume(services: Services, ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    ref = presser(body)
    services.profiles.pause(ref, None)
    publish_home(services, client, ref)


def profile_submitted(
    services: Services, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
) -> None:
    ref = presser(body)
    submission = Submission(view)
    availability = read_availability(submission)
    meeting_problems = services.meetings.availability_problems(availability)
    try:
        saved = services.profiles.save(ref, read_profile(submission))
    except ProfileProblems as problems:
        ack(response_action="errors", errors={**meeting_problems, **problems.problems})
        return
    if meeting_problems:
        ack(response_action="errors", errors=meeting_problems)
        return
    services.meetings.save_availability(ref, availability)
    summary = saved_summary(saved, services.clock.now().date())
    ack(response_action="update", view=message_view("Profile saved", summary))
    publish_home(services, client, ref)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "profile")(partial(profile_command, services))
    app.action(OPEN_ACTION)(partial(profile_button, services))
    app.action(PAUSE)(partial(pause, services))
    app.action(RESUME)(partial(resume, services))
    app.view(CALLBACK)(partial(profile_submitted, services))

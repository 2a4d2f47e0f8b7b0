"""/mentor report, /mentor my-data and /mentor forget-me."""

import json
import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.bootstrap import Services
from bot.home import REPORT_ACTION
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed
from bot.privacy import export_person, forget_person
from bot.replies import Reply
from bot.reports import build_report, notices, report_charts, report_csv, report_summary
from bot.reports.periods import parse_period
from bot.reports.tables import dates_text
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners.common import (
    ack_privately,
    action_value,
    organizers_only,
    presser,
    respond_privately,
)
from handlers.slack.render import message_payload

logger = logging.getLogger(__name__)

Upload = dict[str, Any]


def ephemeral(message: Reply) -> dict[str, Any]:
    return {"response_type": "ephemeral", **message_payload(message)}


def send_with_files(
    services: Services,
    client: WebClient,
    to: PersonRef,
    message: Reply,
    uploads: Callable[[], list[Upload]],
) -> bool:
    """A direct message, then its files in the same conversation; False if Slack refused."""
    try:
        sent = services.messenger.send_direct(to, message)
        files = uploads()
        if files:
            client.files_upload_v2(channel=sent.conversation_id, file_uploads=files)
    except (DeliveryFailed, SlackClientError) as error:
        logger.warning("Files not delivered: %s", type(error).__name__)
        return False
    return True


def send_program_report(
    services: Services, client: WebClient, organizer: PersonRef, since: datetime, until: datetime
) -> bool:
    """The summary as a direct message, then its charts and CSV in the same conversation."""
    # Installed in several workspaces, an organizer reads their own workspace's program.
    workspace = organizer.workspace_id if services.settings.installs_by_oauth else None
    report = build_report(
        services.database, since, until, compute=services.compute, workspace_id=workspace
    )

    def uploads() -> list[Upload]:
        files: list[Upload] = [
            {"content": chart.png, "filename": chart.name, "title": chart.title}
            for chart in services.compute.run(report_charts, report)
        ]
        files.append(
            {
                "content": report_csv(report).encode(),
                "filename": f"rounds-report-{since:%Y-%m-%d}.csv",
                "title": "Report data (CSV)",
            }
        )
        return files

    return send_with_files(services, client, organizer, report_summary(report), uploads)


def report_command(services: Services, invocation: Invocation) -> None:
    if not organizers_only(
        services, invocation.user, notices.organizers_only(), ack_privately(invocation.ack)
    ):
        return
    try:
        since, until = parse_period(invocation.rest, services.clock.now())
    except ValueError as problem:
        invocation.ack(**ephemeral(notices.bad_period(str(problem))))
        return
    invocation.ack(**ephemeral(notices.report_coming(dates_text(since, until))))
    if not send_program_report(services, invocation.client, invocation.user, since, until):
        invocation.respond(**ephemeral(notices.delivery_failed("program report")))


def report_button(
    services: Services, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
) -> None:
    ack()
    organizer = presser(body)
    tell = respond_privately(respond)
    if not organizers_only(services, organizer, notices.organizers_only(), tell):
        return
    since, until = parse_period("", services.clock.now())
    if not send_program_report(services, client, organizer, since, until):
        tell(notices.delivery_failed("program report"))


def _data_file(data: dict[str, Any]) -> list[Upload]:
    content = json.dumps(data, indent=2, ensure_ascii=False).encode()
    return [{"content": content, "filename": "rounds-my-data.json", "title": "Your data"}]


def my_data_command(services: Services, invocation: Invocation) -> None:
    # Gathered before answering, so someone Rounds knows nothing about is not promised a file.
    data = export_person(services.database, invocation.user, services.clock.now())
    if data is None:
        invocation.ack(**ephemeral(notices.nothing_held()))
        return
    invocation.ack(**ephemeral(notices.my_data_coming()))
    ready = notices.my_data_ready()
    uploads = partial(_data_file, data)
    if not send_with_files(services, invocation.client, invocation.user, ready, uploads):
        invocation.respond(**ephemeral(notices.delivery_failed("copy of your data")))


def forget_command(invocation: Invocation) -> None:
    invocation.ack(**ephemeral(notices.confirm_forget(invocation.user.user_id)))


def _pressed_by_owner(body: dict[str, Any], respond: Respond) -> PersonRef | None:
    """Whoever pressed, if the button was theirs; anyone else is told it is not."""
    person, owner = presser(body), action_value(body)
    if person.user_id != owner:
        respond_privately(respond)(notices.not_your_button(owner))
        return None
    return person


def forget_confirmed(services: Services, ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    person = _pressed_by_owner(body, respond)
    if person is None:
        return
    done = forget_person(services.database, person, services.clock.now())
    respond(
        replace_original=True,
        **message_payload(notices.forgotten() if done else notices.nothing_held()),
    )


def forget_declined(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
    ack()
    if _pressed_by_owner(body, respond) is not None:
        respond(replace_original=True, **message_payload(notices.kept()))


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/mentor", "report")(partial(report_command, services))
    app.action(REPORT_ACTION)(partial(report_button, services))
    router.on("/mentor", "my-data")(partial(my_data_command, services))
    router.on("/mentor", "forget-me")(forget_command)
    app.action(notices.FORGET_CONFIRM)(partial(forget_confirmed, services))
    app.action(notices.FORGET_KEEP)(forget_declined)

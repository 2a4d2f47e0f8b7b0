"""/speedmentor: organizers create and run events; anyone in the channel can Join."""

import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.events import messages as text
from bot.events.live import EventProblem, ExpertEntry, SpeedMentoring
from bot.identity import PersonRef
from bot.replies import Reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.listeners import conference
from handlers.slack.listeners.common import respond_privately
from handlers.slack.listeners.people import known_or_learned, own_zone
from handlers.slack.render import message_payload
from handlers.slack.views import speedmentor as views
from handlers.slack.views.inputs import Submission

logger = logging.getLogger(__name__)

EVENT_NUMBER = re.compile(r"#(\d+)\b")
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|\b([UW][A-Z0-9]{2,})\b")
NOT_ORGANIZER = "Only organizers can run speed-mentoring events. Ask your program director."

Action = Callable[[Services, int, Invocation, str], Reply | None]
FormHandler = Callable[[Services, PersonRef, Submission, WebClient], dict[str, Any] | None]
Step = Callable[[SpeedMentoring, int], Reply]

STEPS: dict[str, Step] = {
    "start": SpeedMentoring.start_now,
    "pause": SpeedMentoring.pause,
    "resume": SpeedMentoring.resume,
    "extend": lambda events, event_id: events.extend(event_id, 2),
    "skip": SpeedMentoring.skip,
    "end": SpeedMentoring.end,
}
# Subcommands that only call one step of the service: (subcommand, slow, step).
PLAIN_SUBCOMMANDS: tuple[tuple[str, bool, Step], ...] = (
    ("signup", True, SpeedMentoring.open_signup),
    ("close-signup", False, SpeedMentoring.close_signup),
    ("preview", True, SpeedMentoring.preview),
    ("publish", True, SpeedMentoring.publish),
    ("start", True, SpeedMentoring.start_now),
    ("pause", True, SpeedMentoring.pause),
    ("resume", True, SpeedMentoring.resume),
    ("skip", True, SpeedMentoring.skip),
    ("end", True, SpeedMentoring.end),
    ("report", False, SpeedMentoring.report),
    ("status", False, SpeedMentoring.control),
)


def _ephemeral(reply: Reply) -> dict[str, Any]:
    return {"response_type": "ephemeral", **message_payload(reply)}


def _name(services: Services, client: WebClient, ref: PersonRef) -> str:
    member = known_or_learned(services, client, ref)
    return member.display_name if member is not None and member.display_name else ref.user_id


def _mentioned(rest: str) -> str | None:
    found = MENTION.search(rest)
    return (found.group(1) or found.group(2)) if found else None


def _presser(body: dict[str, Any]) -> tuple[PersonRef, str]:
    ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
    return ref, str(body["actions"][0].get("value") or "")


def _organizers_only(services: Services, invocation: Invocation) -> bool:
    """True when the person may run events; otherwise tells them so."""
    if services.people.is_organizer(invocation.user):
        return True
    invocation.ack(**_ephemeral(text.done(NOT_ORGANIZER)))
    return False


def _require_organizer(services: Services, ref: PersonRef) -> None:
    if not services.people.is_organizer(ref):
        raise EventProblem(NOT_ORGANIZER)


# --- commands ---------------------------------------------------------------------------


def run_on_event(services: Services, action: Action, slow: bool, invocation: Invocation) -> None:
    """An organizer's subcommand on one event (#n, or the newest in this channel)."""
    if not _organizers_only(services, invocation):
        return
    number = EVENT_NUMBER.search(invocation.rest)
    rest = EVENT_NUMBER.sub("", invocation.rest).strip()
    if slow:
        invocation.ack()
    try:
        event = services.events.find(
            invocation.user.workspace_id,
            invocation.channel_id,
            int(number.group(1)) if number else None,
        )
        answer = action(services, event.event_id, invocation, rest)
    except EventProblem as problem:
        answer = text.done(problem.message)
    if answer is None:
        return
    if slow:
        invocation.respond(**_ephemeral(answer))
    else:
        invocation.ack(**_ephemeral(answer))


def create(services: Services, invocation: Invocation) -> None:
    if not _organizers_only(services, invocation):
        return
    invocation.ack()
    timezone = own_zone(services, invocation.client, invocation.user)
    invocation.client.views_open(
        trigger_id=invocation.trigger_id,
        view=views.create_modal(
            invocation.channel_id, timezone, views.default_day(services.clock.now())
        ),
    )


def list_events(services: Services, invocation: Invocation) -> None:
    if _organizers_only(services, invocation):
        invocation.ack(**_ephemeral(services.events.list_events(invocation.user.workspace_id)))


def plain_step(step: Step, services: Services, event_id: int, _i: Invocation, _r: str) -> Reply:
    return step(services.events, event_id)


def open_expert_form(services: Services, event_id: int, invocation: Invocation, rest: str) -> None:
    invocation.ack()
    name = services.events.summary(event_id).name
    invocation.client.views_open(
        trigger_id=invocation.trigger_id, view=views.expert_modal(event_id, name)
    )


def open_csv_form(
    kind: str, services: Services, event_id: int, invocation: Invocation, rest: str
) -> None:
    invocation.ack()
    invocation.client.views_open(
        trigger_id=invocation.trigger_id, view=views.csv_modal(event_id, kind)
    )


def extend(services: Services, event_id: int, invocation: Invocation, rest: str) -> Reply:
    minutes = rest.split()[0] if rest.split() else "2"
    if not minutes.isdigit():
        raise EventProblem("Say how many minutes, e.g. /speedmentor extend 5")
    return services.events.extend(event_id, int(minutes))


def _named_person(
    subcommand: str, services: Services, invocation: Invocation, rest: str
) -> tuple[PersonRef, str]:
    user_id = _mentioned(rest)
    if user_id is None:
        raise EventProblem(f"Name the person: /speedmentor {subcommand} @name")
    ref = PersonRef.slack(invocation.user.workspace_id, user_id)
    return ref, _name(services, invocation.client, ref)


def mark_absent(services: Services, event_id: int, invocation: Invocation, rest: str) -> Reply:
    ref, _ = _named_person("absent", services, invocation, rest)
    return services.events.mark_absent(event_id, ref)


def add_late(services: Services, event_id: int, invocation: Invocation, rest: str) -> Reply:
    ref, name = _named_person("late", services, invocation, rest)
    return services.events.add_late(event_id, ref, name)


def export(services: Services, event_id: int, invocation: Invocation, rest: str) -> Reply:
    exported = services.events.export(event_id)
    dm = invocation.client.conversations_open(users=invocation.user.user_id)["channel"]["id"]
    invocation.client.files_upload_v2(
        channel=dm,
        initial_comment="The seating plan, as a spreadsheet and as a printable page.",
        file_uploads=[
            {"content": exported.csv, "filename": f"{exported.filename}.csv"},
            {"content": exported.html, "filename": f"{exported.filename}.html"},
        ],
    )
    return text.done("The plan is in your DM with Rounds: a CSV and a printable HTML page.")


# --- forms ------------------------------------------------------------------------------


def on_submit(
    handle: FormHandler,
    ack: Ack,
    body: dict[str, Any],
    view: dict[str, Any],
    client: WebClient,
    *,
    services: Services,
) -> None:
    """A form sent: the handler's answer, or its problem shown beside the field."""
    ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
    try:
        answer = handle(services, ref, Submission(view), client)
    except EventProblem as problem:
        field = problem.field or next(iter(view.get("state", {}).get("values", {})), "name")
        ack(response_action="errors", errors={field: problem.message})
        return
    if answer is None:
        ack()
    else:
        ack(**answer)


def created(services: Services, ref: PersonRef, submission: Submission, client: WebClient) -> None:
    _require_organizer(services, ref)
    summary = services.events.create(ref, views.read_create(submission))
    services.messenger.send_direct(ref, services.events.control(summary.event_id))


def expert_added(
    services: Services, ref: PersonRef, submission: Submission, client: WebClient
) -> dict[str, Any]:
    _require_organizer(services, ref)
    event_id = int(submission.metadata)
    chosen = submission.users("person")
    person = PersonRef.slack(ref.workspace_id, chosen[0]) if chosen else None
    name = submission.text("name") or (_name(services, client, person) if person else "")
    if not name:
        raise EventProblem("Choose a member or type a guest's name.", "name")
    summary = services.events.add_expert(
        event_id,
        ExpertEntry(
            name,
            submission.text("topic"),
            submission.text("table"),
            person,
            views.read_absent_rounds(submission),
        ),
    )
    added = f"Added {name}. {summary.experts} experts so far: add another, or Cancel."
    return {"response_action": "update", "view": views.expert_modal(event_id, summary.name, added)}


def csv_imported(
    services: Services, ref: PersonRef, submission: Submission, client: WebClient
) -> None:
    _require_organizer(services, ref)
    event_id, kind = submission.metadata.split(":")
    events = services.events
    load = events.import_experts if kind == "experts" else events.import_mentees
    summary = load(int(event_id), submission.text("csv"), ref.workspace_id)
    services.messenger.send_direct(
        ref,
        text.done(
            f"Imported into {summary.name}: {summary.experts} experts, {summary.mentees} mentees."
        ),
    )


def joined(services: Services, ref: PersonRef, submission: Submission, client: WebClient) -> None:
    event_id = int(submission.metadata)
    _, topics = services.events.join_topics(event_id)
    ranked = views.read_join(submission, topics)
    answer = services.events.join(event_id, ref, _name(services, client, ref), ranked)
    services.messenger.send_direct(ref, answer)


def feedback_sent(
    services: Services, ref: PersonRef, submission: Submission, client: WebClient
) -> None:
    again = submission.choice("again")
    answer = services.events.feedback(
        int(submission.metadata),
        ref,
        int(submission.choice("usefulness") or 0),
        None if again is None else again == "yes",
        submission.text("comment"),
    )
    services.messenger.send_direct(ref, answer)


# --- buttons ----------------------------------------------------------------------------


def join_pressed(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, *, services: Services
) -> None:
    ack()
    _, value = _presser(body)
    try:
        name, topics = services.events.join_topics(int(value))
    except EventProblem as problem:
        respond_privately(respond)(text.done(problem.message))
        return
    client.views_open(
        trigger_id=body["trigger_id"], view=views.join_modal(int(value), name, topics)
    )


def feedback_pressed(
    ack: Ack, body: dict[str, Any], client: WebClient, *, services: Services
) -> None:
    ack()
    _, value = _presser(body)
    name = services.events.summary(int(value)).name
    client.views_open(trigger_id=body["trigger_id"], view=views.feedback_modal(int(value), name))


def follow_up_pressed(
    ack: Ack, body: dict[str, Any], respond: Respond, *, services: Services
) -> None:
    ack()
    ref, value = _presser(body)
    event_id, expert_row = value.split(":")
    try:
        answer = services.events.request_follow_up(int(event_id), ref, int(expert_row))
    except EventProblem as problem:
        answer = text.done(problem.message)
    respond_privately(respond)(answer)


def control_pressed(
    ack: Ack, body: dict[str, Any], respond: Respond, *, services: Services
) -> None:
    ack()
    ref, value = _presser(body)
    command = str(body["actions"][0]["action_id"]).rsplit(".", 1)[1]
    if not services.people.is_organizer(ref):
        respond_privately(respond)(text.done(NOT_ORGANIZER))
        return
    try:
        answer = STEPS[command](services.events, int(value))
    except EventProblem as problem:
        answer = text.done(problem.message)
    respond_privately(respond)(answer)


# --- wiring -----------------------------------------------------------------------------

EVENT_SUBCOMMANDS: tuple[tuple[str, bool, Action], ...] = (
    *((name, slow, partial(plain_step, step)) for name, slow, step in PLAIN_SUBCOMMANDS),
    ("experts", False, open_expert_form),
    ("import-experts", False, partial(open_csv_form, "experts")),
    ("import-mentees", False, partial(open_csv_form, "mentees")),
    ("extend", True, extend),
    ("absent", True, mark_absent),
    ("late", True, add_late),
    ("export", True, export),
    ("board", True, conference.board_links),
    ("revoke-links", True, conference.revoke_links),
)
FORMS: tuple[tuple[str, FormHandler], ...] = (
    (views.CREATE, created),
    (views.EXPERT, expert_added),
    (views.CSV, csv_imported),
    (views.JOIN, joined),
    (views.FEEDBACK, feedback_sent),
)


def register(app: App, services: Services, router: CommandRouter) -> None:
    router.on("/speedmentor", "")(partial(create, services))
    router.on("/speedmentor", "list")(partial(list_events, services))
    for subcommand, slow, action in EVENT_SUBCOMMANDS:
        router.on("/speedmentor", subcommand)(partial(run_on_event, services, action, slow))
    for callback, handle in FORMS:
        app.view(callback)(partial(on_submit, handle, services=services))
    app.action(text.JOIN_ACTION)(partial(join_pressed, services=services))
    app.action(text.FEEDBACK_ACTION)(partial(feedback_pressed, services=services))
    app.action(re.compile(re.escape(text.FOLLOW_UP_ACTION) + r"\.\d+"))(
        partial(follow_up_pressed, services=services)
    )
    app.action(re.compile(re.escape(text.CONTROL_ACTION) + r"\.\w+"))(
        partial(control_pressed, services=services)
    )
    conference.register(app, services)

"""/speedmentor: organizers create and run events; anyone in the channel can Join."""

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.events import messages as text
from bot.events.live import EventProblem, ExpertEntry
from bot.identity import PersonRef
from bot.replies import Reply
from handlers.slack.commands import CommandRouter, Invocation
from handlers.slack.render import message_payload
from handlers.slack.views import speedmentor as views
from handlers.slack.views.inputs import Submission

logger = logging.getLogger(__name__)

EVENT_NUMBER = re.compile(r"#(\d+)\b")
MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|\b([UW][A-Z0-9]{2,})\b")
NOT_ORGANIZER = "Only organizers can run speed-mentoring events. Ask your program director."

Action = Callable[[int, Invocation, str], Reply | None]


def _ephemeral(reply: Reply) -> dict[str, Any]:
    return {"response_type": "ephemeral", **message_payload(reply)}


def _name(services: Services, client: WebClient, ref: PersonRef) -> str:
    member = services.people.find(ref)
    if member is not None and member.display_name:
        return member.display_name
    user = client.users_info(user=ref.user_id)["user"]
    name = str(user.get("profile", {}).get("display_name") or user.get("real_name") or "")
    services.people.remember(ref, display_name=name, timezone=user.get("tz"))
    return name or ref.user_id


def _mentioned(rest: str) -> str | None:
    found = MENTION.search(rest)
    return (found.group(1) or found.group(2)) if found else None


def register(app: App, services: Services, router: CommandRouter) -> None:
    events = services.events

    def organizer_route(subcommand: str, slow: bool = False) -> Callable[[Action], Action]:
        """A subcommand for organizers acting on one event (#n, or the newest in this channel)."""

        def add(action: Action) -> Action:
            @router.on("/speedmentor", subcommand)
            def route(invocation: Invocation) -> None:
                if not services.people.is_organizer(invocation.user):
                    invocation.ack(**_ephemeral(text.done(NOT_ORGANIZER)))
                    return
                number = EVENT_NUMBER.search(invocation.rest)
                rest = EVENT_NUMBER.sub("", invocation.rest).strip()
                if slow:
                    invocation.ack()
                try:
                    event = events.find(
                        invocation.user.workspace_id,
                        invocation.channel_id,
                        int(number.group(1)) if number else None,
                    )
                    answer = action(event.event_id, invocation, rest)
                except EventProblem as problem:
                    answer = text.done(problem.message)
                if answer is None:
                    return
                if slow:
                    invocation.respond(**_ephemeral(answer))
                else:
                    invocation.ack(**_ephemeral(answer))

            return action

        return add

    @router.on("/speedmentor", "")
    def create(invocation: Invocation) -> None:
        if not services.people.is_organizer(invocation.user):
            invocation.ack(**_ephemeral(text.done(NOT_ORGANIZER)))
            return
        invocation.ack()
        member = services.people.find(invocation.user)
        timezone = (member.timezone if member else None) or services.settings.DEFAULT_TIMEZONE
        invocation.client.views_open(
            trigger_id=invocation.trigger_id,
            view=views.create_modal(
                invocation.channel_id, timezone, views.default_day(services.clock.now())
            ),
        )

    @router.on("/speedmentor", "list")
    def list_events(invocation: Invocation) -> None:
        if not services.people.is_organizer(invocation.user):
            invocation.ack(**_ephemeral(text.done(NOT_ORGANIZER)))
            return
        invocation.ack(**_ephemeral(events.list_events(invocation.user.workspace_id)))

    @organizer_route("experts")
    def experts(event_id: int, invocation: Invocation, rest: str) -> None:
        invocation.ack()
        name = events.summary(event_id).name
        invocation.client.views_open(
            trigger_id=invocation.trigger_id, view=views.expert_modal(event_id, name)
        )

    def csv_route(kind: str) -> None:
        @organizer_route(f"import-{kind}")
        def import_csv(event_id: int, invocation: Invocation, rest: str) -> None:
            invocation.ack()
            invocation.client.views_open(
                trigger_id=invocation.trigger_id, view=views.csv_modal(event_id, kind)
            )

    csv_route("experts")
    csv_route("mentees")

    organizer_route("signup", slow=True)(lambda event_id, _i, _r: events.open_signup(event_id))
    organizer_route("close-signup")(lambda event_id, _i, _r: events.close_signup(event_id))
    organizer_route("preview", slow=True)(lambda event_id, _i, _r: events.preview(event_id))
    organizer_route("publish", slow=True)(lambda event_id, _i, _r: events.publish(event_id))
    organizer_route("start", slow=True)(lambda event_id, _i, _r: events.start_now(event_id))
    organizer_route("pause", slow=True)(lambda event_id, _i, _r: events.pause(event_id))
    organizer_route("resume", slow=True)(lambda event_id, _i, _r: events.resume(event_id))
    organizer_route("skip", slow=True)(lambda event_id, _i, _r: events.skip(event_id))
    organizer_route("end", slow=True)(lambda event_id, _i, _r: events.end(event_id))
    organizer_route("report")(lambda event_id, _i, _r: events.report(event_id))
    organizer_route("status")(lambda event_id, _i, _r: events.control(event_id))

    @organizer_route("extend", slow=True)
    def extend(event_id: int, invocation: Invocation, rest: str) -> Reply:
        minutes = rest.split()[0] if rest.split() else "2"
        if not minutes.isdigit():
            raise EventProblem("Say how many minutes, e.g. /speedmentor extend 5")
        return events.extend(event_id, int(minutes))

    def person_route(subcommand: str, act: Callable[[int, PersonRef, str], Reply]) -> None:
        @organizer_route(subcommand, slow=True)
        def route(event_id: int, invocation: Invocation, rest: str) -> Reply:
            user_id = _mentioned(rest)
            if user_id is None:
                raise EventProblem(f"Name the person: /speedmentor {subcommand} @name")
            ref = PersonRef.slack(invocation.user.workspace_id, user_id)
            return act(event_id, ref, _name(services, invocation.client, ref))

    person_route("absent", lambda event_id, ref, _name: events.mark_absent(event_id, ref))
    person_route("late", lambda event_id, ref, name: events.add_late(event_id, ref, name))

    @organizer_route("export", slow=True)
    def export(event_id: int, invocation: Invocation, rest: str) -> Reply:
        exported = events.export(event_id)
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

    # --- forms ------------------------------------------------------------------------

    def submitted(
        callback: str, handle: Callable[[PersonRef, Submission, WebClient], dict[str, Any] | None]
    ) -> None:
        @app.view(callback)
        def on_submit(
            ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
        ) -> None:
            ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
            try:
                answer = handle(ref, Submission(view), client)
            except EventProblem as problem:
                field = problem.field or next(iter(view.get("state", {}).get("values", {})), "name")
                ack(response_action="errors", errors={field: problem.message})
                return
            if answer is None:
                ack()
            else:
                ack(**answer)

    def on_create(ref: PersonRef, submission: Submission, client: WebClient) -> None:
        if not services.people.is_organizer(ref):
            raise EventProblem(NOT_ORGANIZER)
        summary = events.create(ref, views.read_create(submission))
        services.messenger.send_direct(ref, events.control(summary.event_id))

    def on_expert(ref: PersonRef, submission: Submission, client: WebClient) -> dict[str, Any]:
        if not services.people.is_organizer(ref):
            raise EventProblem(NOT_ORGANIZER)
        event_id = int(submission.metadata)
        chosen = submission.users("person")
        person = PersonRef.slack(ref.workspace_id, chosen[0]) if chosen else None
        name = submission.text("name") or (_name(services, client, person) if person else "")
        if not name:
            raise EventProblem("Choose a member or type a guest's name.", "name")
        summary = events.add_expert(
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
        return {
            "response_action": "update",
            "view": views.expert_modal(event_id, summary.name, added),
        }

    def on_csv(ref: PersonRef, submission: Submission, client: WebClient) -> None:
        if not services.people.is_organizer(ref):
            raise EventProblem(NOT_ORGANIZER)
        event_id, kind = submission.metadata.split(":")
        load = events.import_experts if kind == "experts" else events.import_mentees
        summary = load(int(event_id), submission.text("csv"), ref.workspace_id)
        services.messenger.send_direct(
            ref,
            text.done(
                f"Imported into {summary.name}: {summary.experts} experts, "
                f"{summary.mentees} mentees."
            ),
        )

    def on_join(ref: PersonRef, submission: Submission, client: WebClient) -> None:
        event_id = int(submission.metadata)
        _, topics = events.join_topics(event_id)
        ranked = views.read_join(submission, topics)
        answer = events.join(event_id, ref, _name(services, client, ref), ranked)
        services.messenger.send_direct(ref, answer)

    def on_feedback(ref: PersonRef, submission: Submission, client: WebClient) -> None:
        again = submission.choice("again")
        answer = events.feedback(
            int(submission.metadata),
            ref,
            int(submission.choice("usefulness") or 0),
            None if again is None else again == "yes",
            submission.text("comment"),
        )
        services.messenger.send_direct(ref, answer)

    submitted(views.CREATE, on_create)
    submitted(views.EXPERT, on_expert)
    submitted(views.CSV, on_csv)
    submitted(views.JOIN, on_join)
    submitted(views.FEEDBACK, on_feedback)

    # --- buttons ----------------------------------------------------------------------

    def pressed(body: dict[str, Any]) -> tuple[PersonRef, str]:
        ref = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
        return ref, str(body["actions"][0].get("value") or "")

    @app.action(text.JOIN_ACTION)
    def join(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        _, value = pressed(body)
        try:
            name, topics = events.join_topics(int(value))
        except EventProblem as problem:
            respond(
                response_type="ephemeral",
                replace_original=False,
                **message_payload(text.done(problem.message)),
            )
            return
        client.views_open(
            trigger_id=body["trigger_id"], view=views.join_modal(int(value), name, topics)
        )

    @app.action(text.FEEDBACK_ACTION)
    def feedback(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        _, value = pressed(body)
        name = events.summary(int(value)).name
        client.views_open(
            trigger_id=body["trigger_id"], view=views.feedback_modal(int(value), name)
        )

    @app.action(re.compile(re.escape(text.FOLLOW_UP_ACTION) + r"\.\d+"))
    def follow_up(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        ref, value = pressed(body)
        event_id, expert_row = value.split(":")
        try:
            answer = events.request_follow_up(int(event_id), ref, int(expert_row))
        except EventProblem as problem:
            answer = text.done(problem.message)
        respond(response_type="ephemeral", replace_original=False, **message_payload(answer))

    @app.action(re.compile(re.escape(text.CONTROL_ACTION) + r"\.\w+"))
    def control(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        ref, value = pressed(body)
        command = str(body["actions"][0]["action_id"]).rsplit(".", 1)[1]
        if not services.people.is_organizer(ref):
            respond(
                response_type="ephemeral",
                replace_original=False,
                **message_payload(text.done(NOT_ORGANIZER)),
            )
            return
        event_id = int(value)
        steps: dict[str, Callable[[int], Reply]] = {
            "start": events.start_now,
            "pause": events.pause,
            "resume": events.resume,
            "extend": lambda number: events.extend(number, 2),
            "skip": events.skip,
            "end": events.end,
        }
        try:
            answer = steps[command](event_id)
        except EventProblem as problem:
            answer = text.done(problem.message)
        respond(response_type="ephemeral", replace_original=False, **message_payload(answer))

"""/speedmentor board and revoke-links (an organizer's secret links to the room's pages), and
the buttons of the two-week survey."""

import re
from functools import partial
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.bootstrap import Services
from bot.events import messages as text
from bot.events.conference.messages import links_reply, room_urls
from bot.events.live import SURVEY_ACTION, EventProblem
from bot.identity import PersonRef
from bot.replies import Reply
from handlers.slack.commands import Invocation
from handlers.slack.listeners.common import respond_privately


def base_url(services: Services) -> str:
    settings = services.settings
    return settings.PUBLIC_URL or f"http://localhost:{settings.PORT}"


def board_links(services: Services, event_id: int, _invocation: Invocation, _rest: str) -> Reply:
    """New board and check-in links (the old ones stop working); opens check-in at the door."""
    links = services.conference.issue_links(event_id)
    name = services.events.summary(event_id).name
    return links_reply(name, room_urls(links, base_url(services)))


def revoke_links(services: Services, event_id: int, _invocation: Invocation, _rest: str) -> Reply:
    count = services.conference.revoke_links(event_id)
    return text.done(f"{count} room links stopped working. /speedmentor board makes new ones.")


def survey_pressed(ack: Ack, body: dict[str, Any], respond: Respond, *, services: Services) -> None:
    ack()
    action = body["actions"][0]
    _, question, answer = str(action["action_id"]).removeprefix(SURVEY_ACTION).split(".")
    person = PersonRef.slack(body["user"]["team_id"], body["user"]["id"])
    try:
        event_id = int(action.get("value") or 0)
        reply = services.events.answer_survey(event_id, person, question, answer)
    except (EventProblem, ValueError) as problem:
        message = problem.message if isinstance(problem, EventProblem) else "Unknown event."
        reply = text.done(message)
    respond_privately(respond)(reply)


def register(app: App, services: Services) -> None:
    app.action(re.compile(re.escape(SURVEY_ACTION) + r"\.\w+\.[\w-]+"))(
        partial(survey_pressed, services=services)
    )

"""/speedmentor board and revoke-links: an organizer's secret links to the room's pages."""

from bot.bootstrap import Services
from bot.events import messages as text
from bot.events.conference.messages import links_reply, room_urls
from bot.replies import Reply
from handlers.slack.commands import Invocation


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

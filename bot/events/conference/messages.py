"""What the organizer is told about the room's links."""

from __future__ import annotations

from dataclasses import dataclass

from bot.events.conference.service import ConferenceLinks
from bot.replies import Header, Link, Reply, bullet_list, note, paragraph, reply


@dataclass(frozen=True)
class RoomUrls:
    board: str
    poster: str
    cards: str
    schedule: str
    checkin: str


def room_urls(links: ConferenceLinks, base_url: str) -> RoomUrls:
    base = base_url.rstrip("/")
    board = f"{base}/board/{links.board}"
    return RoomUrls(
        board=board,
        poster=f"{board}/poster",
        cards=f"{board}/cards",
        schedule=f"{board}/schedule",
        checkin=f"{base}/checkin/{links.checkin}",
    )


def links_reply(event_name: str, urls: RoomUrls) -> Reply:
    return reply(
        Header(f"Room links for {event_name}"),
        paragraph("Open the board on the projector; it shows the check-in QR code too."),
        *bullet_list(
            (
                (Link(urls.board, "Room board"),),
                (Link(urls.poster, "Check-in poster (print)"),),
                (Link(urls.cards, "Table cards (print)"),),
                (Link(urls.schedule, "Full schedule (print)"),),
                (Link(urls.checkin, "Check-in page"),),
            )
        ),
        note(
            "Keep these links to yourself: anyone with the board link sees the room's seats. "
            "/speedmentor board again makes new links; /speedmentor revoke-links stops them all."
        ),
        summary=f"Room links for {event_name}",
    )

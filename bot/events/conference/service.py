"""Conference mode's actions: links for the organizer, check-in at the door, the room's pages.

Each public method is one unit of work and takes and returns plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.events.conference import views
from bot.events.conference.links import checkin_token, new_token, token_hash
from bot.events.live import rows
from bot.events.live.arrivals import itineraries, seat_arrival
from bot.events.live.context import EventContext, EventProblem, require
from bot.events.live.dispatch import Effects
from storage.conference import ConferenceRepository, LinkPurpose
from storage.events import EventRepository, EventStatus
from storage.models import EventLink

MAX_NAME = 120
MAX_EMAIL = 254

__all__ = ["Conference", "ConferenceLinks", "LinkNotFound"]


class LinkNotFound(Exception):
    """The link is unknown or was revoked."""


@dataclass(frozen=True)
class ConferenceLinks:
    """The organizer's secret tokens: the board's (which also opens the printables and the
    poster) and the check-in page's, which the board and poster show as a QR code."""

    event_id: int
    board: str
    checkin: str


class Conference:
    def __init__(self, ctx: EventContext) -> None:
        self.ctx = ctx

    def issue_links(self, event_id: int) -> ConferenceLinks:
        """New board and check-in links (the old ones stop working); opens check-in.

        Turning conference mode on after publishing sends everyone their whole evening's seats.
        """
        board = new_token()
        now = self.ctx.clock.now()
        with rows.editing(self.ctx.database, event_id) as (store, loaded):
            conference = ConferenceRepository(store.session)
            for purpose in (LinkPurpose.BOARD, LinkPurpose.CHECKIN):
                conference.revoke(event_id, purpose, now)
            conference.add_link(event_id, LinkPurpose.BOARD, token_hash(board))
            conference.add_link(event_id, LinkPurpose.CHECKIN, token_hash(checkin_token(board)))
            newly = conference.conference(event_id) is None
            conference.open_checkin(event_id, now)
            if newly and loaded.event.plan is not None:
                effects = Effects(send=itineraries(store, loaded))
                self.ctx.post.apply(store, event_id, effects)
        return ConferenceLinks(event_id, board, checkin_token(board))

    def revoke_links(self, event_id: int) -> int:
        """Every board, check-in and seat link of the event stops working."""
        now = self.ctx.clock.now()
        with EventRepository.writing(self.ctx.database) as store:
            conference = ConferenceRepository(store.session)
            return sum(conference.revoke(event_id, purpose, now) for purpose in LinkPurpose)

    def board(self, token: str) -> views.BoardView:
        with EventRepository.reading(self.ctx.database) as store:
            link = _link(store, token, LinkPurpose.BOARD)
            loaded = rows.load(store, link.event_id)
        return views.board(loaded, self.ctx.clock.now())

    def printables(self, token: str) -> views.PrintView:
        with EventRepository.reading(self.ctx.database) as store:
            link = _link(store, token, LinkPurpose.BOARD)
            loaded = rows.load(store, link.event_id)
        return views.printable(loaded)

    def checkin_page(self, token: str) -> views.CheckinView:
        with EventRepository.reading(self.ctx.database) as store:
            link = _link(store, token, LinkPurpose.CHECKIN)
            loaded = rows.load(store, link.event_id)
            present = {
                a.mentee_id for a in ConferenceRepository(store.session).attendance(link.event_id)
            }
        return views.checkin(loaded, present, loaded.event.status != EventStatus.ENDED)

    def check_in(self, token: str, mentee_id: int) -> str:
        """A registered attendee taps their name; returns their seat page's token."""
        with EventRepository.writing(self.ctx.database) as store:
            event_id = _link(store, token, LinkPurpose.CHECKIN).event_id
            loaded = rows.load(store, event_id, for_update=True)
            _open(loaded)
            mentee = next((m for m in loaded.mentees if m.id == mentee_id), None)
            if mentee is None:
                raise EventProblem("That name is not on this event's list.")
            conference = ConferenceRepository(store.session)
            conference.check_in(event_id, mentee_id, self.ctx.clock.now())
            self.ctx.post.apply(store, event_id, seat_arrival(store, loaded, mentee))
            return _seat_link(conference, event_id, mentee_id)

    def check_in_guest(
        self, token: str, name: str, email: str, ranked_topics: Sequence[str] = ()
    ) -> str:
        """Someone outside the workspace gives a name and email and is seated."""
        name, email = " ".join(name.split())[:MAX_NAME], email.strip().casefold()
        if not name:
            raise EventProblem("Please give your name.", "name")
        if "@" not in email or len(email) > MAX_EMAIL or " " in email:
            raise EventProblem("Please give an email address such as name@example.org.", "email")
        with EventRepository.writing(self.ctx.database) as store:
            event_id = _link(store, token, LinkPurpose.CHECKIN).event_id
            loaded = rows.load(store, event_id, for_update=True)
            _open(loaded)
            conference = ConferenceRepository(store.session)
            known = conference.guest_by_email(event_id, email)
            if known is not None:
                return _seat_link(conference, event_id, known.mentee_id)
            topics = tuple(t for t in ranked_topics if t in loaded.topics()) or loaded.topics()
            old_plan = loaded.plan() if loaded.event.plan is not None else None
            mentee = rows.upsert_mentee(store, loaded, None, name, topics, joined_late=True)
            mentee_id = require(mentee.id)
            conference.check_in(event_id, mentee_id, self.ctx.clock.now(), email)
            effects = seat_arrival(store, loaded, mentee, old_plan)
            self.ctx.post.apply(store, event_id, effects)
            return _seat_link(conference, event_id, mentee_id)

    def seat(self, token: str) -> views.SeatView:
        with EventRepository.reading(self.ctx.database) as store:
            link = _link(store, token, LinkPurpose.SEAT)
            loaded = rows.load(store, link.event_id)
        assert link.mentee_id is not None
        return views.seat(loaded, link.mentee_id, self.ctx.clock.now())


def _link(store: EventRepository, token: str, purpose: LinkPurpose) -> EventLink:
    link = ConferenceRepository(store.session).link(token_hash(token))
    if link is None or link.purpose != purpose:
        raise LinkNotFound(purpose)
    return link


def _open(loaded: rows.Loaded) -> None:
    if loaded.event.status == EventStatus.ENDED:
        raise EventProblem(f"{loaded.event.name} has ended; check-in is closed.")


def _seat_link(conference: ConferenceRepository, event_id: int, mentee_id: int) -> str:
    token = new_token()
    conference.add_link(event_id, LinkPurpose.SEAT, token_hash(token), mentee_id)
    return token

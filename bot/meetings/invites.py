"""Calendar invites (.ics) a calendar imports: made with ``icalendar``, one UID per meeting.

A reschedule sends the same UID with a higher SEQUENCE (METHOD:REQUEST), a cancellation
METHOD:CANCEL with STATUS:CANCELLED, so the calendar updates the entry it already has.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar

PRODUCT = "-//Rounds//Micro-mentoring//EN"
# Who has no e-mail on file is still named on the invite; this address reaches nobody.
NOBODY = "noreply@rounds.invalid"
REMINDERS = (timedelta(minutes=30), timedelta(days=1))


@dataclass(frozen=True)
class InvitePerson:
    name: str
    email: str | None = None


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    start: datetime
    minutes: int
    title: str
    description: str
    video_link: str
    organizer: InvitePerson
    attendees: tuple[InvitePerson, ...]
    stamp: datetime
    cancelled: bool = False


def _address(person: InvitePerson, role: str | None = None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email or NOBODY}")
    address.params["CN"] = icalendar.vText(person.name)
    if role is not None:
        address.params["ROLE"] = icalendar.vText(role)
        address.params["PARTSTAT"] = icalendar.vText("NEEDS-ACTION")
        address.params["RSVP"] = icalendar.vText("TRUE")
    return address


def _alarm(before: timedelta, title: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -before)
    return alarm


def invite_ics(invite: Invite) -> bytes:
    """The invite as an iCalendar file (METHOD:REQUEST, or METHOD:CANCEL when cancelled)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if invite.cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp)
    event.add("dtstart", invite.start)
    event.add("dtend", invite.start + timedelta(minutes=invite.minutes))
    event.add("summary", invite.title)
    description = invite.description
    if invite.video_link:
        event.add("location", invite.video_link)
        event.add("url", invite.video_link)
        description = f"{description}\n\nJoin: {invite.video_link}".strip()
    event.add("description", description)
    event.add("status", "CANCELLED" if invite.cancelled else "CONFIRMED")
    event.add("organizer", _address(invite.organizer))
    for attendee in invite.attendees:
        event.add("attendee", _address(attendee, "REQ-PARTICIPANT"))
    if not invite.cancelled:
        for before in REMINDERS:
            event.add_component(_alarm(before, invite.title))
    calendar.add_component(event)
    return bytes(calendar.to_ical())

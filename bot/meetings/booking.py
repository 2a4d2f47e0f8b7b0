"""Picking, booking, rescheduling and cancelling: each click is one unit of work."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import MeetingBooked, MeetingCancelled, record
from bot.identity import PersonRef
from bot.meetings import messages
from bot.meetings.context import MeetingsContext, now_utc, zone_of
from bot.meetings.invites import Invite, InvitePerson, invite_ics
from bot.meetings.model import MeetingStatus
from bot.meetings.proposing import next_round, offer_for, offer_key, post_offers
from bot.messaging import Attachment
from bot.outbox import Urgency, direct, group_chat
from bot.replies import Reply
from storage.db import Session
from storage.meetings import MeetingRepository
from storage.models import Meeting, Person
from storage.people import PersonRepository

INVITE_FILE = "rounds-meeting.ics"
LATEST_PROPOSAL = timedelta(days=90)
NOT_YOURS = "This button is for the people in that introduction."


@dataclass(frozen=True)
class _Click:
    session: Session
    meeting: Meeting
    person: Person

    @property
    def person_id(self) -> int:
        assert self.person.id is not None
        return self.person.id


class MeetingProblem(Exception):
    """A click that cannot be done; the message says why, to the person who clicked."""


def _clicked(session: Session, meeting_id: int, presser: PersonRef) -> _Click:
    meeting = MeetingRepository(session).meeting_locked(meeting_id)
    person = PersonRepository(session).find(presser)
    if meeting is None or person is None or person.id not in meeting.person_ids:
        raise MeetingProblem(NOT_YOURS)
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingProblem("That meeting was cancelled.")
    return _Click(session, meeting, person)


def _zone(ctx: MeetingsContext, click: _Click) -> str:
    return zone_of(click.person, ctx.default_zone)


def pick(ctx: MeetingsContext, presser: PersonRef, value: str) -> Reply:
    """The presser's pick among the times on offer: it books them when it settles the time."""
    meeting_id, offer_round, start = messages.read_pick(value)
    with ctx.database.write() as session:
        click = _clicked(session, meeting_id, presser)
        meeting, zone = click.meeting, _zone(ctx, click)
        if meeting.status == MeetingStatus.BOOKED and meeting.starts_at is not None:
            return messages.slot_taken(meeting.starts_at, zone)
        if offer_round != meeting.offer_round or start.isoformat() not in meeting.offered:
            raise MeetingProblem("Those times were replaced by newer ones: see the latest message.")
        if meeting.decider_id is not None and meeting.decider_id != click.person_id:
            raise MeetingProblem("Your mentee picks the time; Rounds tells you once it is booked.")
        meeting.picks = {**meeting.picks, str(click.person_id): start.isoformat()}
        if not _settled(meeting):
            return _offer_again(ctx, click, start)
        book(ctx, click, start)
        return messages.slot_taken(start, zone)


def _offer_again(ctx: MeetingsContext, click: _Click, picked: datetime) -> Reply:
    meeting = click.meeting
    people = MeetingRepository(click.session).people(meeting.person_ids)
    slots = [datetime.fromisoformat(slot) for slot in meeting.offered]
    return offer_for(ctx, meeting, click.person_id, people, slots, picked)


def _settled(meeting: Meeting) -> bool:
    if meeting.decider_id is not None:
        return str(meeting.decider_id) in meeting.picks
    chosen = {meeting.picks.get(str(person_id)) for person_id in meeting.person_ids}
    return len(chosen) == 1 and None not in chosen


def book(ctx: MeetingsContext, click: _Click, start: datetime) -> None:
    meeting, session = click.meeting, click.session
    assert meeting.id is not None
    moved = meeting.booked_at is not None
    if moved:
        meeting.sequence += 1
    meeting.status = MeetingStatus.BOOKED.value
    meeting.starts_at, meeting.booked_at = start, now_utc(ctx.clock)
    _send_invites(ctx, click, start, update=moved, cancelled=False)
    if moved:
        # Every earlier "Booked" (read "Rescheduling" since) now points at the time that stands.
        earlier = _booked_keys(meeting)[:-1]
        ctx.outbox.rewrite(
            session, messages.BOOKED_KIND, earlier, messages.moved(start, ctx.default_zone)
        )
    booked = messages.booked(
        meeting.id, start, ctx.default_zone, meeting.minutes, meeting.video_link
    )
    ctx.outbox.post(
        session,
        group_chat(
            messages.BOOKED_KIND,
            meeting.person_ids,
            booked,
            dedupe_key=_booked_keys(meeting)[-1],
        ),
    )
    others = [offer_key(meeting, pid) for pid in meeting.person_ids if pid != click.person_id]
    ctx.outbox.rewrite(
        session, messages.OFFER_KIND, others, messages.slot_taken(start, ctx.default_zone)
    )
    ends_at = start + timedelta(minutes=meeting.minutes)
    event = MeetingBooked(
        meeting.subject_type, meeting.subject_id, tuple(meeting.person_ids), ends_at
    )
    record(session, event, ctx.clock.now())


def _invite(
    meeting: Meeting,
    people: dict[int, Person],
    emails: dict[int, str | None],
    start: datetime,
    now: datetime,
    cancelled: bool,
) -> bytes:
    def named(person_id: int) -> InvitePerson:
        person = people.get(person_id)
        name = (person.display_name or person.user_id) if person else "Rounds member"
        return InvitePerson(name, emails.get(person_id))

    names = ", ".join(named(pid).name for pid in meeting.person_ids)
    return invite_ics(
        Invite(
            uid=f"rounds-meeting-{meeting.id}@rounds",
            sequence=meeting.sequence,
            start=start,
            minutes=meeting.minutes,
            title=f"Rounds chat: {names}",
            description="A mentoring chat arranged by Rounds.",
            video_link=meeting.video_link,
            organizer=named(meeting.organizer_id),
            attendees=tuple(named(pid) for pid in meeting.person_ids),
            stamp=now,
            cancelled=cancelled,
        )
    )


def _send_invites(
    ctx: MeetingsContext, click: _Click, start: datetime, *, update: bool, cancelled: bool
) -> None:
    meeting, session = click.meeting, click.session
    repo = MeetingRepository(session)
    people, emails = repo.people(meeting.person_ids), repo.emails(meeting.person_ids)
    content = _invite(meeting, people, emails, start, now_utc(ctx.clock), cancelled)
    file = Attachment(INVITE_FILE, content, "text/calendar", "Calendar invite")
    for person_id in meeting.person_ids:
        zone = zone_of(people.get(person_id), ctx.default_zone)
        note = messages.invite_note(start, zone, update=update, cancelled=cancelled)
        urgency = Urgency.NOW if person_id == click.person_id else Urgency.QUIET_HOURS
        ctx.outbox.post(
            session,
            direct(
                messages.INVITE_KIND,
                person_id,
                note,
                urgency,
                dedupe_key=f"meeting:{meeting.id}:invite:{meeting.sequence}:{person_id}",
                subject=("meeting", meeting.id or 0),
                files=(file,),
            ),
        )


def none_of_these(ctx: MeetingsContext, presser: PersonRef, value: str) -> Reply:
    meeting_id, _, offer_round = value.partition(":")
    with ctx.database.write() as session:
        click = _clicked(session, int(meeting_id), presser)
        meeting = click.meeting
        if meeting.status != MeetingStatus.PROPOSING or str(meeting.offer_round) != offer_round:
            raise MeetingProblem("Those times were replaced already: see the latest message.")
        slots = next_round(ctx, session, meeting, click.person_id)
    if not slots:
        return messages.problem("No other common time in the next two weeks: propose one.")
    return messages.problem("Three more times are on their way to everyone.")


def propose(ctx: MeetingsContext, presser: PersonRef, meeting_id: int, start: datetime) -> Reply:
    """One person's own time: it books at once when they decide, else the others pick it."""
    now = now_utc(ctx.clock)
    if not now < start < now + LATEST_PROPOSAL:
        raise MeetingProblem("Propose a time in the coming three months.")
    with ctx.database.write() as session:
        click = _clicked(session, meeting_id, presser)
        meeting = click.meeting
        if meeting.status == MeetingStatus.BOOKED and meeting.starts_at is not None:
            raise MeetingProblem("This chat is booked already: reschedule it to change the time.")
        # The presser proposed from a form, not from their offer: every offer is retired here.
        earlier = [offer_key(meeting, pid) for pid in meeting.person_ids]
        meeting.offered_before = [*meeting.offered_before, *meeting.offered]
        meeting.offer_round += 1
        meeting.picks = {str(click.person_id): start.isoformat()}
        if meeting.decider_id in (None, click.person_id) and _settled(meeting):
            meeting.offered = [start.isoformat()]
            retired = messages.slot_taken(start, ctx.default_zone)
            ctx.outbox.rewrite(session, messages.OFFER_KIND, earlier, retired)
            book(ctx, click, start)
            return messages.slot_taken(start, _zone(ctx, click))
        ctx.outbox.rewrite(session, messages.OFFER_KIND, earlier, messages.offer_replaced())
        post_offers(ctx, session, meeting, (start,), click.person_id)
        return messages.waiting_for_others(start, _zone(ctx, click))


def _booked_keys(meeting: Meeting) -> list[str]:
    """The "Booked" message of each time this meeting had, oldest first."""
    return [f"meeting:{meeting.id}:booked:{sequence}" for sequence in range(meeting.sequence + 1)]


def _retire_booked(ctx: MeetingsContext, session: Session, meeting: Meeting, now: Reply) -> None:
    """The booked time posted for everyone no longer stands: it reads ``now`` instead, with
    no buttons, in every copy (Teams keeps one per person), earlier times' messages too."""
    ctx.outbox.rewrite(session, messages.BOOKED_KIND, _booked_keys(meeting), now)


def reschedule(ctx: MeetingsContext, presser: PersonRef, meeting_id: int) -> Reply:
    with ctx.database.write() as session:
        click = _clicked(session, meeting_id, presser)
        if click.meeting.status != MeetingStatus.BOOKED:
            raise MeetingProblem("New times are already on offer: see the latest message.")
        _retire_booked(ctx, session, click.meeting, messages.rescheduling())
        next_round(ctx, session, click.meeting, click.person_id)
    return messages.rescheduling()


def cancel(ctx: MeetingsContext, presser: PersonRef, meeting_id: int) -> Reply:
    with ctx.database.write() as session:
        click = _clicked(session, meeting_id, presser)
        meeting = click.meeting
        if meeting.status == MeetingStatus.PROPOSING:
            keys = [offer_key(meeting, pid) for pid in meeting.person_ids]
            ctx.outbox.rewrite(session, messages.OFFER_KIND, keys, messages.offer_cancelled())
        meeting.status = MeetingStatus.CANCELLED.value
        start = meeting.starts_at
        if meeting.booked_at is None or start is None:
            return messages.problem("Cancelled: Rounds will not propose more times.")
        _retire_booked(ctx, session, meeting, messages.cancelled(start, ctx.default_zone))
        meeting.sequence += 1
        _send_invites(ctx, click, start, update=True, cancelled=True)
        cancelled = MeetingCancelled(
            meeting.subject_type, meeting.subject_id, tuple(meeting.person_ids)
        )
        record(session, cancelled, ctx.clock.now())
    return messages.cancelled(start, ctx.default_zone)

"""Proposing times: with each introduction, and again after "None of these" or a reschedule."""

from collections.abc import Sequence
from datetime import datetime

from bot.meetings import messages
from bot.meetings.context import MeetingsContext, attendees, now_utc, zone_of
from bot.meetings.model import MEETING, MeetingStatus, SlotRequest
from bot.meetings.slots import propose_slots
from bot.outbox import Urgency, direct
from bot.replies import Reply
from storage.db import Session
from storage.meetings import MeetingRepository
from storage.models import Meeting, MeetingAvailability, Person


def offer_key(meeting: Meeting, person_id: int, offer_round: int | None = None) -> str:
    return f"meeting:{meeting.id}:offer:{offer_round or meeting.offer_round}:{person_id}"


def find_slots(
    ctx: MeetingsContext,
    repo: MeetingRepository,
    meeting: Meeting,
    people: dict[int, Person] | None = None,
    rows: dict[int, MeetingAvailability] | None = None,
) -> tuple[datetime, ...]:
    offered = {datetime.fromisoformat(s) for s in [*meeting.offered_before, *meeting.offered]}
    if meeting.starts_at is not None:
        offered.add(meeting.starts_at)
    request = SlotRequest(
        attendees(repo, meeting.person_ids, ctx.default_zone, people, rows),
        now_utc(ctx.clock),
        meeting.minutes,
        already_offered=frozenset(offered),
        quiet=ctx.quiet,
    )
    return propose_slots(request)


def offer_for(
    ctx: MeetingsContext,
    meeting: Meeting,
    person_id: int,
    people: dict[int, Person],
    slots: Sequence[datetime],
    picked: datetime | None = None,
) -> Reply:
    """One person's copy of the offer, times in their zone; only a decider gets pick buttons."""
    assert meeting.id is not None
    others = [people[o].user_id for o in meeting.person_ids if o != person_id and o in people]
    return messages.offer(
        meeting.id,
        meeting.offer_round,
        slots,
        zone_of(people.get(person_id), ctx.default_zone),
        others,
        decides=meeting.decider_id is None or meeting.decider_id == person_id,
        minutes=meeting.minutes,
        picked=picked,
    )


def post_offers(
    ctx: MeetingsContext,
    session: Session,
    meeting: Meeting,
    slots: Sequence[datetime],
    clicked_by: int | None = None,
    people: dict[int, Person] | None = None,
) -> None:
    """Each person's own copy of the offer, sent to them."""
    assert meeting.id is not None
    if people is None:
        people = MeetingRepository(session).people(meeting.person_ids)
    meeting.offered = [slot.isoformat() for slot in slots]
    for person_id in meeting.person_ids:
        if person_id not in people:
            continue
        urgency = Urgency.NOW if person_id == clicked_by else Urgency.QUIET_HOURS
        ctx.outbox.post(
            session,
            direct(
                messages.OFFER_KIND,
                person_id,
                offer_for(ctx, meeting, person_id, people, slots),
                urgency,
                dedupe_key=offer_key(meeting, person_id),
                subject=(MEETING, meeting.id),
            ),
        )


def start_in(
    ctx: MeetingsContext,
    session: Session,
    subject: tuple[str, int],
    person_ids: Sequence[int],
    organizer_id: int,
    decider_id: int | None,
    introduced_at: datetime,
) -> int | None:
    """Propose times for one introduction in the caller's unit of work; twice changes nothing."""
    repo = MeetingRepository(session)
    if repo.meeting_about(*subject) is not None or len(set(person_ids)) < 2:
        return None
    rows = repo.availabilities([organizer_id, *person_ids])
    organizer = rows.get(organizer_id)
    # The organizer's own link first, else the first one anybody in the group gave.
    links = [row.video_link for pid in [organizer_id, *person_ids] if (row := rows.get(pid))]
    video_link = next((link for link in links if link), "")
    meeting = Meeting(
        subject_type=subject[0],
        subject_id=subject[1],
        person_ids=list(dict.fromkeys(person_ids)),
        organizer_id=organizer_id,
        decider_id=decider_id,
        introduced_at=introduced_at,
        minutes=organizer.minutes if organizer else 30,
        video_link=video_link,
    )
    people = repo.people(meeting.person_ids)
    slots = find_slots(ctx, repo, meeting, people, rows)
    # Written with its times at once, rather than inserted and then updated.
    meeting.offered = [slot.isoformat() for slot in slots]
    repo.add_meeting(meeting)
    post_offers(ctx, session, meeting, slots, people=people)
    assert meeting.id is not None
    return meeting.id


def next_round(
    ctx: MeetingsContext, session: Session, meeting: Meeting, clicked_by: int | None
) -> tuple[datetime, ...]:
    """Retire the times on offer and offer new ones, leaving out every time offered before."""
    repo = MeetingRepository(session)
    earlier_keys = [offer_key(meeting, pid) for pid in meeting.person_ids if pid != clicked_by]
    meeting.offered_before = [*meeting.offered_before, *meeting.offered]
    slots = find_slots(ctx, repo, meeting)
    ctx.outbox.rewrite(session, messages.OFFER_KIND, earlier_keys, messages.offer_replaced())
    meeting.offer_round += 1
    meeting.picks = {}
    meeting.status = MeetingStatus.PROPOSING.value
    post_offers(ctx, session, meeting, slots, clicked_by)
    return slots

"""After the event: the wrap-up, feedback, follow-up wishes, the report and the export."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.domain import FollowUpWished, record
from bot.events import messages as text
from bot.events.export import plan_to_csv, plan_to_html
from bot.events.live import rows, timing
from bot.events.live.context import EventContext, EventProblem, require
from bot.events.live.dispatch import Effects, EventKind, Outgoing
from bot.events.live.rows import Loaded
from bot.events.live.survey import parsed_answer, survey_fields, survey_job, survey_message
from bot.identity import PersonRef
from bot.replies import Fields, Header, Reply, counted, note, reply
from storage.conference import SURVEY_FEEDBACK, ConferenceRepository
from storage.events import EventRepository, EventStatus
from storage.models import EventExpert, EventFollowUp, Feedback

_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventExport:
    filename: str
    csv: str
    html: str


def finish(store: EventRepository, loaded: Loaded) -> Effects:
    """End the event now: its jobs go, the channel is thanked, participants get the form."""
    event = loaded.event
    effects = Effects(cancel=timing.all_jobs(event))
    event.status = EventStatus.ENDED
    event.next_round_at = None
    event.paused_at = None
    store.add(event)
    effects.send.append(
        Outgoing.channel(
            0,
            "wrap-post",
            event.channel_id,
            text.channel_notice(
                f"{event.name} is over. Thank you all! A short feedback form is in your DMs."
            ),
        )
    )
    effects.send.extend(_feedback_requests(loaded, rows.everyone(store, loaded)))
    if ConferenceRepository(store.session).conference(require(event.id)) is not None:
        effects.schedule.extend(survey_job(loaded))
    return effects


def _feedback_requests(loaded: Loaded, people: dict[int, PersonRef]) -> list[Outgoing]:
    event = loaded.event
    event_id = require(event.id)
    attended = attended_keys(loaded)
    experts = loaded.expert_by_key()
    keyed: list[tuple[str, int | None]] = [
        *((key, row.person_id) for key, row in experts.items()),
        *((key, row.person_id) for key, row in loaded.mentee_by_key().items()),
    ]
    out: list[Outgoing] = []
    for key, person_id in keyed:
        person = rows.person_of(people, person_id)
        if key not in attended or person is None:
            continue
        met = _members_met(loaded, experts, key) if key.startswith("m") else []
        message = text.feedback_request(event.name, met, event_id)
        out.append(Outgoing.direct(0, EventKind.FEEDBACK, person, message))
    return out


def _members_met(
    loaded: Loaded, experts: dict[str, EventExpert], mentee_key: str
) -> list[tuple[int, str]]:
    """(row id, name) of the experts met who have an account, so a chat can be asked for."""
    return [
        (require(experts[e].id), experts[e].name)
        for e in experts_met(loaded, mentee_key)
        if experts[e].person_id is not None
    ]


def feedback(
    ctx: EventContext,
    event_id: int,
    person: PersonRef,
    usefulness: int,
    would_come_again: bool | None,
    comment: str,
) -> Reply:
    if not 1 <= usefulness <= 5:
        raise EventProblem("Choose from 1 (not useful) to 5 (very useful).", "usefulness")
    with EventRepository.writing(ctx.database) as store:
        loaded = rows.load(store, event_id)
        person_id = store.person_id(person)
        role = _role(loaded, person_id)
        if role is None:
            raise EventProblem(f"This form is for people who took part in {loaded.event.name}.")
        if store.feedback_by(event_id, person_id) is not None:
            return text.done("You already sent feedback for this event. Thank you!")
        store.add(
            Feedback(
                author_id=person_id,
                subject_type="event",
                subject_id=event_id,
                role=role,
                usefulness=usefulness,
                would_meet_again=would_come_again,
                comment=comment[:2000] or None,
                created_at=ctx.clock.now(),
            )
        )
    return text.done("Thank you: your feedback helps the organizers plan the next one.")


def request_follow_up(
    ctx: EventContext, event_id: int, person: PersonRef, expert_row_id: int, note_text: str = ""
) -> Reply:
    with EventRepository.writing(ctx.database) as store:
        loaded = rows.load(store, event_id)
        mentee_person = store.person_id(person)
        expert = next((e for e in loaded.experts if e.id == expert_row_id), None)
        mentee = next((m for m in loaded.mentees if m.person_id == mentee_person), None)
        if expert is None or expert.person_id is None or mentee is None:
            raise EventProblem("This button is for the mentees who met that expert.")
        if f"e{expert.id}" not in experts_met(loaded, f"m{mentee.id}"):
            raise EventProblem(f"You did not meet {expert.name} at {loaded.event.name}.")
        if store.follow_up(event_id, mentee_person, expert.person_id) is not None:
            return text.done(f"You already asked {expert.name} for a coffee chat.")
        store.add(
            EventFollowUp(
                event_id=event_id,
                mentee_person_id=mentee_person,
                expert_person_id=expert.person_id,
                note=note_text[:500],
                created_at=ctx.clock.now(),
            )
        )
        wish = FollowUpWished(mentee_person, expert.person_id, note_text[:500])
        record(store.session, wish, ctx.clock.now())
    return text.done(
        f"Thanks: we're asking {expert.name} for a coffee chat, and will tell you in a direct "
        "message how it goes."
    )


def send_survey(ctx: EventContext, event_id: int, _round_number: int = 0) -> None:
    """Everyone in Slack who sat at a table gets the two questions, once."""
    with rows.editing(ctx.database, event_id) as (store, loaded):
        conference = ConferenceRepository(store.session).conference(event_id)
        if conference is None or conference.survey_sent_at is not None:
            return
        conference.survey_sent_at = ctx.clock.now()
        ConferenceRepository(store.session).save(conference)
        attended = attended_keys(loaded)
        people = rows.everyone(store, loaded)
        keyed = [
            *((f"e{row.id}", row.person_id) for row in loaded.experts),
            *((f"m{row.id}", row.person_id) for row in loaded.mentees),
        ]
        message = survey_message(loaded.event.name, event_id)
        out = [
            Outgoing(0, "survey", person.user_id, message, person, EventKind.FEEDBACK)
            for key, person_id in keyed
            if key in attended and (person := rows.person_of(people, person_id)) is not None
        ]
        ctx.post.apply(store, event_id, Effects(send=out))


def answer_survey(
    ctx: EventContext, event_id: int, person: PersonRef, question: str, answer: str
) -> Reply:
    """One button of the survey; a second press on the same question changes the answer."""
    usefulness, followed = parsed_answer(question, answer)
    with EventRepository.writing(ctx.database) as store:
        loaded = rows.load(store, event_id)
        person_id = store.person_id(person)
        attended = attended_keys(loaded)
        role = next(
            (
                kind
                for kind, group in (("expert", loaded.experts), ("mentee", loaded.mentees))
                for row in group
                if row.person_id == person_id and f"{kind[0]}{row.id}" in attended
            ),
            None,
        )
        if role is None:
            raise EventProblem(f"This survey is for people who took part in {loaded.event.name}.")
        conference = ConferenceRepository(store.session)
        row = conference.survey_answer(event_id, person_id) or Feedback(
            author_id=person_id,
            subject_type=SURVEY_FEEDBACK,
            subject_id=event_id,
            role=role,
            created_at=ctx.clock.now(),
        )
        if usefulness is not None:
            row.usefulness = usefulness
        if followed is not None:
            row.would_meet_again = followed
        store.add(row)
    return text.done("Thank you: noted.")


def report(ctx: EventContext, event_id: int) -> Reply:
    with EventRepository.reading(ctx.database) as store:
        loaded = rows.load(store, event_id)
        answers = store.feedback(event_id)
        follow_ups = store.follow_ups(event_id)
        later = ConferenceRepository(store.session).survey_answers(event_id)
    name = loaded.event.name
    return reply(
        Header(f"{name}: report"),
        Fields(_report_fields(loaded, answers, len(follow_ups)) + survey_fields(later)),
        note("Feedback is confidential: only totals are shown."),
        summary=f"{name}: report",
    )


def _report_fields(
    loaded: Loaded, answers: Sequence[Feedback], follow_ups: int
) -> tuple[tuple[str, str], ...]:
    event = loaded.event
    attended = attended_keys(loaded)
    rated = [f.usefulness for f in answers if f.usefulness is not None]
    again = [f.would_meet_again for f in answers if f.would_meet_again is not None]
    mentees_in = [m for m in loaded.mentees if f"m{m.id}" in attended]
    experts_in = sum(f"e{e.id}" in attended for e in loaded.experts)
    waiting = len(event.plan["waitlist"]) if event.plan else 0
    return (
        ("Status", event.status),
        ("Rounds held", f"{len(timing.held_rounds(event))} of {event.rounds}"),
        ("Mentees", f"{len(mentees_in)} attended of {len(loaded.mentees)} registered"),
        ("Experts", f"{experts_in} of {len(loaded.experts)}"),
        ("Late joiners", str(sum(m.joined_late for m in loaded.mentees))),
        ("No-shows", str(sum(m.absent_from_round == 1 for m in loaded.mentees))),
        ("Waitlisted", str(waiting)),
        (
            "Feedback",
            counted(len(answers), "answer")
            + (f", usefulness {sum(rated) / len(rated):.1f} of 5" if rated else ""),
        ),
        ("Would come again", f"{sum(again)} of {len(again)}" if again else "no answers yet"),
        ("Follow-ups requested", str(follow_ups)),
    )


def export(ctx: EventContext, event_id: int) -> EventExport:
    with EventRepository.reading(ctx.database) as store:
        loaded = rows.load(store, event_id)
    plan = loaded.plan() if loaded.event.plan else loaded.fresh_plan(ctx.search_seconds)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", loaded.event.name).strip("-").lower() or "event"
    return EventExport(stem, plan_to_csv(plan), plan_to_html(plan, loaded.event.name))


def _held_tables(loaded: Loaded) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """(round, expert key -> mentee keys) for each planned round that was held."""
    event = loaded.event
    if event.plan is None:
        return
    held = set(timing.held_rounds(event))
    for entry in event.plan["rounds"]:
        number = int(entry["round"])
        if number in held:
            yield number, entry["tables"]


def experts_met(loaded: Loaded, mentee_key: str) -> list[str]:
    """Experts the mentee sat with in rounds that were held while they were there."""
    row = loaded.mentee_by_key()[mentee_key]
    met: list[str] = []
    for number, tables in _held_tables(loaded):
        if rows.is_present(row, number):
            met.extend(e for e, group in tables.items() if mentee_key in group)
    return list(dict.fromkeys(met))


def attended_keys(loaded: Loaded) -> set[str]:
    """Planner keys of everyone who sat at a table in at least one held round."""
    mentees = loaded.mentee_by_key()
    experts = loaded.expert_by_key()
    present: set[str] = set()
    for number, tables in _held_tables(loaded):
        for expert_id, group in tables.items():
            here = [m for m in group if rows.is_present(mentees[m], number)]
            if here and number not in experts[expert_id].absent_rounds:
                present.add(expert_id)
                present.update(here)
    return present


def _role(loaded: Loaded, person_id: int) -> str | None:
    attended = attended_keys(loaded)
    if any(f"e{e.id}" in attended and e.person_id == person_id for e in loaded.experts):
        return "expert"
    if any(f"m{m.id}" in attended and m.person_id == person_id for m in loaded.mentees):
        return "mentee"
    return None

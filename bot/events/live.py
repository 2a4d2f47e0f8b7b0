"""A speed-mentoring event run live: sign-up, publishing, timed rounds, repairs on the day.

State changes happen in one transaction each and return the scheduler jobs and messages
they cause; those are applied after the commit (on SQLite the job store shares the file).
Every message is claimed in ``event_announcement`` before it is sent, so a restarted
process or a re-run job sends nothing twice.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain import FollowUpWished, record
from bot.events import messages as text
from bot.events.csv_io import parse_experts, parse_mentees
from bot.events.export import figures_lines, plan_to_csv, plan_to_html
from bot.events.model import EventSpec, Expert, ItineraryStop, Mentee, Plan, StopKind
from bot.events.planner import plan_event, replan
from bot.events.scoring import topic_key
from bot.events.stored import plan_from_json, plan_to_json
from bot.identity import PersonRef
from bot.messaging import DeliveryFailed, Messenger
from bot.replies import Fields, Header, Reply, note, paragraph, reply
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.events import AnnouncementStatus, EventRepository, EventStatus
from storage.models import EventExpert, EventFollowUp, EventMentee, Feedback, SpeedEvent

_logger = logging.getLogger(__name__)

START_TASK = "speedmentor.round_start"
WARN_TASK = "speedmentor.round_warn"
END_TASK = "speedmentor.round_end"
WARNING_LEAD = timedelta(minutes=2)
SLACK_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
FANOUT_WORKERS = 8
RATE_LIMIT_RETRIES = 3
MAX_ROUNDS = 20


ACTIVE = (
    EventStatus.DRAFT,
    EventStatus.SIGNUP,
    EventStatus.CLOSED,
    EventStatus.PUBLISHED,
    EventStatus.RUNNING,
    EventStatus.PAUSED,
)
LIVE = (EventStatus.PUBLISHED, EventStatus.RUNNING, EventStatus.PAUSED)


class EventProblem(Exception):
    """Something the organizer or participant can fix; `field` names a form input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class EventSettings:
    name: str
    channel_id: str
    starts_at: datetime
    timezone: str
    rounds: int
    round_minutes: int
    changeover_minutes: int
    table_min: int
    table_max: int


@dataclass(frozen=True)
class EventSummary:
    event_id: int
    name: str
    channel_id: str
    status: str
    starts_at: datetime
    timezone: str
    rounds: int
    current_round: int
    experts: int
    mentees: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class ExpertEntry:
    """An expert as the organizer types them: a workspace member or a guest's name."""

    name: str
    topic: str
    table: str
    person: PersonRef | None = None
    absent_rounds: frozenset[int] = frozenset()


@dataclass(frozen=True)
class EventExport:
    filename: str
    csv: str
    html: str


@dataclass(frozen=True)
class _Outgoing:
    round_number: int
    kind: str
    recipient: str
    message: Reply
    person: PersonRef | None = None


@dataclass(frozen=True)
class _Job:
    job_id: str
    task: str
    run_at: datetime
    event_id: int
    round_number: int


@dataclass
class _Effects:
    schedule: list[_Job] = field(default_factory=list)
    cancel: list[str] = field(default_factory=list)
    send: list[_Outgoing] = field(default_factory=list)
    follow_up: tuple[int, int, str] | None = None


@dataclass(frozen=True)
class _Loaded:
    event: SpeedEvent
    experts: list[EventExpert]
    mentees: list[EventMentee]

    @property
    def spec(self) -> EventSpec:
        return EventSpec(self.event.rounds, self.event.table_min, self.event.table_max)

    def planner_experts(self) -> list[Expert]:
        return [_expert(row) for row in self.experts]

    def planner_mentees(self, *, staying_only: bool) -> list[Mentee]:
        return [
            _mentee(row)
            for row in self.mentees
            if not staying_only or row.absent_from_round is None
        ]

    def plan(self) -> Plan:
        assert self.event.plan is not None
        return plan_from_json(
            self.event.plan,
            self.spec,
            self.planner_experts(),
            self.planner_mentees(staying_only=False),
        )

    def expert_by_key(self) -> dict[str, EventExpert]:
        return {f"e{row.id}": row for row in self.experts}

    def mentee_by_key(self) -> dict[str, EventMentee]:
        return {f"m{row.id}": row for row in self.mentees}

    def topics(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.topic for row in self.experts if row.topic))


def _expert(row: EventExpert) -> Expert:
    return Expert(f"e{row.id}", row.name, row.topic, row.table_label, frozenset(row.absent_rounds))


def _mentee(row: EventMentee) -> Mentee:
    return Mentee(f"m{row.id}", row.name, tuple(row.ranked_topics))


def job_id(event_id: int, round_number: int, kind: str) -> str:
    return f"event:{event_id}:round:{round_number}:{kind}"


class SpeedMentoring:
    """Runs speed-mentoring events; every public method is one user action or one timed step."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        messenger: Messenger,
        scheduler: JobScheduler,
        fanout_workers: int = FANOUT_WORKERS,
    ) -> None:
        self.database = database
        self.clock = clock
        self.messenger = messenger
        self.scheduler = scheduler
        self.fanout_workers = fanout_workers

    def tasks(self) -> dict[str, Callable[..., object]]:
        """The scheduled steps, to register by name."""
        return {START_TASK: self.round_start, WARN_TASK: self.round_warn, END_TASK: self.round_end}

    # --- before the event ---------------------------------------------------------------

    def create(self, organizer: PersonRef, settings: EventSettings) -> EventSummary:
        _check_settings(settings)
        with EventRepository.writing(self.database) as store:
            event = SpeedEvent(
                workspace_id=organizer.workspace_id,
                created_by=organizer.user_id,
                **settings.__dict__,
            )
            store.add(event)
            store.flush()
            return self._summary(store, _require(event.id))

    def find(self, workspace_id: str, channel_id: str, event_id: int | None = None) -> EventSummary:
        """The event asked for, else the newest unfinished one in this channel, else anywhere."""
        with EventRepository.reading(self.database) as store:
            if event_id is not None:
                if store.event(workspace_id, event_id) is None:
                    raise EventProblem(f"There is no event #{event_id}. Try /speedmentor list.")
                return self._summary(store, event_id)
            newest_first = store.newest_events(workspace_id, 50)
            if not newest_first:
                raise EventProblem("There is no event yet. Type /speedmentor to create one.")
            # An unfinished event wins; once all are over, the latest one (for its report).
            ranked = sorted(
                newest_first,
                key=lambda e: (e.status in ACTIVE, e.channel_id == channel_id),
                reverse=True,
            )
            return self._summary(store, _require(ranked[0].id))

    def summary(self, event_id: int) -> EventSummary:
        with EventRepository.reading(self.database) as store:
            return self._summary(store, event_id)

    def list_events(self, workspace_id: str) -> Reply:
        with EventRepository.reading(self.database) as store:
            events = store.newest_events(workspace_id, 20)
        if not events:
            return text.done("No events yet. Type /speedmentor to create one.")
        return reply(
            Header("Speed-mentoring events"),
            *(
                paragraph(
                    f"#{event.id} {event.name} — {event.status}, ",
                    _local(event, "%a %d %b %H:%M"),
                )
                for event in events
            ),
            note("Add #<number> to a command to pick an event, e.g. /speedmentor publish #3"),
            summary="Speed-mentoring events",
        )

    def add_expert(self, event_id: int, entry: ExpertEntry) -> EventSummary:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            _not_published(loaded.event)
            self._add_expert(store, loaded, entry)
            return self._summary(store, event_id)

    def import_experts(self, event_id: int, csv_text: str, workspace_id: str) -> EventSummary:
        parsed = parse_experts(csv_text)
        if parsed.problems:
            raise EventProblem("; ".join(str(p) for p in parsed.problems[:5]), "csv")
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            _not_published(loaded.event)
            for expert in parsed.items:
                person = (
                    PersonRef.slack(workspace_id, expert.expert_id)
                    if SLACK_USER.match(expert.expert_id)
                    else None
                )
                self._add_expert(
                    store,
                    loaded,
                    ExpertEntry(
                        expert.name, expert.topic, expert.table, person, expert.absent_rounds
                    ),
                )
            return self._summary(store, event_id)

    def import_mentees(self, event_id: int, csv_text: str, workspace_id: str) -> EventSummary:
        parsed = parse_mentees(csv_text)
        if parsed.problems:
            raise EventProblem("; ".join(str(p) for p in parsed.problems[:5]), "csv")
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            _not_published(loaded.event)
            for mentee in parsed.items:
                person = (
                    PersonRef.slack(workspace_id, mentee.mentee_id)
                    if SLACK_USER.match(mentee.mentee_id)
                    else None
                )
                self._upsert_mentee(store, loaded, person, mentee.name, mentee.ranked_topics)
            return self._summary(store, event_id)

    def open_signup(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            if event.status not in (EventStatus.DRAFT, EventStatus.CLOSED, EventStatus.SIGNUP):
                raise EventProblem(f"{event.name} is already {event.status}; sign-up is over.")
            event.status = EventStatus.SIGNUP
            effects = _Effects(
                send=[
                    _Outgoing(
                        0,
                        "signup-post",
                        event.channel_id,
                        text.signup_post(
                            event.name,
                            _local(event, "%A %d %B, %H:%M"),
                            loaded.topics(),
                            event_id,
                        ),
                    )
                ]
            )
        self._apply(event_id, effects)
        return text.done(f"Sign-up for {event.name} is open: the Join button is in the channel.")

    def close_signup(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            if event.status != EventStatus.SIGNUP:
                raise EventProblem(f"Sign-up for {event.name} is not open ({event.status}).")
            event.status = EventStatus.CLOSED
            count = len(self._load(store, event_id).mentees)
        return text.done(f"Sign-up for {event.name} is closed with {count} mentees.")

    def join_topics(self, event_id: int) -> tuple[str, tuple[str, ...]]:
        """The event's name and topics, for the Join form; refuses when joining is shut."""
        with EventRepository.reading(self.database) as store:
            loaded = self._load(store, event_id)
        if loaded.event.status not in (EventStatus.SIGNUP, *LIVE):
            raise EventProblem(f"Sign-up for {loaded.event.name} is closed.")
        if not loaded.topics():
            raise EventProblem("The experts are not announced yet; try again a little later.")
        return loaded.event.name, loaded.topics()

    def join(
        self, event_id: int, person: PersonRef, name: str, ranked_topics: Sequence[str]
    ) -> Reply:
        """A mentee signs up (or, once the plan is out, joins late) with topics best first."""
        if len({topic_key(t) for t in ranked_topics}) != len(ranked_topics):
            raise EventProblem("Pick each topic once.", "rank_1")
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            if event.status == EventStatus.SIGNUP:
                self._upsert_mentee(store, loaded, person, name, tuple(ranked_topics))
                return text.done(
                    f"You are signed up for {event.name}. Your seats come by DM as rounds start."
                )
            if event.status not in LIVE:
                raise EventProblem(f"Sign-up for {event.name} is closed.")
            effects = self._late_joiner(store, loaded, person, name, tuple(ranked_topics))
        self._apply(event_id, effects)
        return text.done(f"You are in {event.name}; your seats are in your DMs.")

    def preview(self, event_id: int) -> Reply:
        with EventRepository.reading(self.database) as store:
            loaded = self._load(store, event_id)
        plan = self._fresh_plan(loaded)
        return self._figures_reply(loaded.event, plan, "Preview")

    def publish(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            if event.status not in (EventStatus.DRAFT, EventStatus.SIGNUP, EventStatus.CLOSED):
                raise EventProblem(f"{event.name} is already {event.status}.")
            plan = self._fresh_plan(loaded)
            event.plan = plan_to_json(plan, version=1)
            event.status = EventStatus.PUBLISHED
            event.next_round_at = max(event.starts_at, self.clock.now())
            first = self._next_round(event, 0)
            assert first is not None
            effects = _Effects(schedule=[self._job(event, first, "start", event.next_round_at)])
        self._apply(event_id, effects)
        return self._figures_reply(event, plan, "Published")

    # --- on the day: organizer controls --------------------------------------------------

    def start_now(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            now = self.clock.now()
            upcoming: int | None = None
            if event.status == EventStatus.PAUSED:
                effects = self._resume(event)
            else:
                if (
                    event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING)
                    or event.next_round_at is None
                ):
                    raise EventProblem(_already(event))
                upcoming = self._next_round(event, event.current_round)
                if upcoming is None:
                    raise EventProblem(f"{event.name} has no rounds left.")
                event.next_round_at = now
                effects = _Effects(cancel=[job_id(event_id, upcoming, "start")])
        self._apply(event_id, effects)
        if upcoming is None:
            return text.done(f"{event.name} goes on.")
        self.round_start(event_id, upcoming)
        return text.done(f"Round {upcoming} of {event.name} has started.")

    def pause(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            if event.status != EventStatus.RUNNING:
                raise EventProblem(f"{event.name} is not running ({event.status}).")
            event.status = EventStatus.PAUSED
            event.paused_at = self.clock.now()
            effects = _Effects(cancel=self._all_jobs(event))
            effects.send.append(
                self._post(
                    event,
                    "pause-post",
                    text.channel_notice(
                        f"{event.name} is paused. Stay at your table; we will say when to go on."
                    ),
                    unique=True,
                )
            )
        self._apply(event_id, effects)
        return text.done(f"{event.name} is paused. Press Resume (or /speedmentor resume) to go on.")

    def resume(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            if event.status != EventStatus.PAUSED:
                raise EventProblem(f"{event.name} is not paused ({event.status}).")
            effects = self._resume(event)
        self._apply(event_id, effects)
        return text.done(f"{event.name} goes on.")

    def _resume(self, event: SpeedEvent) -> _Effects:
        assert event.paused_at is not None
        gap = self.clock.now() - event.paused_at
        event.status = EventStatus.RUNNING
        event.paused_at = None
        if event.next_round_at is not None:
            event.next_round_at += gap
        elif event.round_started_at is not None:
            event.round_started_at += gap
        effects = self._round_jobs(event)
        effects.send.append(
            self._post(
                event, "resume-post", text.channel_notice(f"{event.name} goes on."), unique=True
            )
        )
        return effects

    def extend(self, event_id: int, minutes: int) -> Reply:
        if not 1 <= minutes <= 60:
            raise EventProblem("Extend by 1 to 60 minutes, e.g. /speedmentor extend 5")
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            if event.status not in (EventStatus.RUNNING, EventStatus.PAUSED):
                raise EventProblem(f"{event.name} is not running ({event.status}).")
            if event.next_round_at is not None:
                event.next_round_at += timedelta(minutes=minutes)
                what = f"The changeover before round {self._next_round(event, event.current_round)}"
            else:
                event.extended_seconds += minutes * 60
                what = f"Round {event.current_round}"
            effects = self._round_jobs(event) if event.status == EventStatus.RUNNING else _Effects()
            effects.send.append(
                self._post(
                    event,
                    "extend-post",
                    text.channel_notice(f"{what} of {event.name} runs {minutes} more minutes."),
                    unique=True,
                )
            )
        self._apply(event_id, effects)
        return text.done(f"{what} runs {minutes} more minutes.")

    def skip(self, event_id: int) -> Reply:
        """Drop the next round that has not started; the one after takes its slot."""
        with EventRepository.writing(self.database) as store:
            event = self._load(store, event_id, for_update=True).event
            if event.status not in LIVE:
                raise EventProblem(f"{event.name} is not published yet ({event.status}).")
            dropped = self._next_round(event, event.current_round)
            if dropped is None:
                raise EventProblem(f"{event.name} has no rounds left to skip.")
            event.skipped_rounds = sorted({*event.skipped_rounds, dropped})
            effects = _Effects(cancel=[job_id(_require(event.id), dropped, "start")])
            following = self._next_round(event, dropped)
            in_changeover = event.next_round_at is not None
            if in_changeover and following is not None and event.status != EventStatus.PAUSED:
                assert event.next_round_at is not None
                effects.schedule.append(self._job(event, following, "start", event.next_round_at))
            effects.send.append(
                self._post(
                    event,
                    "skip-post",
                    text.channel_notice(f"Round {dropped} of {event.name} is skipped."),
                    round_number=dropped,
                )
            )
            finish_now = in_changeover and following is None and event.current_round > 0
        self._apply(event_id, effects)
        if finish_now:
            return self.end(event_id)
        return text.done(f"Round {dropped} is skipped.")

    def end(self, event_id: int) -> Reply:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            if loaded.event.status == EventStatus.ENDED:
                return text.done(f"{loaded.event.name} has already ended.")
            effects = self._finish(store, loaded)
        self._apply(event_id, effects)
        return text.done(f"{loaded.event.name} has ended; participants got the feedback form.")

    def mark_absent(self, event_id: int, person: PersonRef) -> Reply:
        """An expert or mentee is gone from the next round on; only moved people are told."""
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            person_id = self._person_id(store, person)
            from_round = self._first_open_round(event)
            expert = next((e for e in loaded.experts if e.person_id == person_id), None)
            mentee = next((m for m in loaded.mentees if m.person_id == person_id), None)
            if expert is None and mentee is None:
                raise EventProblem(f"That person is not in {event.name}.")
            old_plan = loaded.plan() if event.plan is not None else None
            if expert is not None:
                expert.absent_rounds = sorted(
                    {*expert.absent_rounds, *range(from_round, event.rounds + 1)}
                )
                store.add(expert)
            if mentee is not None and mentee.absent_from_round is None:
                mentee.absent_from_round = from_round
                store.add(mentee)
            effects = self._replan(store, loaded, old_plan, from_round)
            who = expert or mentee
            assert who is not None
        self._apply(event_id, effects)
        moved = len([o for o in effects.send if o.kind == "change"])
        return text.done(
            f"{who.name} is marked absent from round {from_round}.",
            f"Told {_people_count(moved)} whose seats changed.",
        )

    def add_late(
        self, event_id: int, person: PersonRef, name: str, ranked_topics: Sequence[str] = ()
    ) -> Reply:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            if loaded.event.status not in LIVE:
                raise EventProblem(
                    f"{loaded.event.name} is not published yet: add them with import-mentees."
                )
            effects = self._late_joiner(store, loaded, person, name, tuple(ranked_topics))
        self._apply(event_id, effects)
        moved = len([o for o in effects.send if o.kind == "change"])
        return text.done(
            f"{name} joins {loaded.event.name}.", f"Told {_people_count(moved)} their seats."
        )

    # --- the timed steps ----------------------------------------------------------------

    def round_start(self, event_id: int, round_number: int) -> None:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            if event.status not in (EventStatus.PUBLISHED, EventStatus.RUNNING):
                return
            if event.current_round < round_number:
                event.current_round = round_number
                event.round_started_at = event.next_round_at or self.clock.now()
                event.next_round_at = None
                event.extended_seconds = 0
                event.status = EventStatus.RUNNING
            elif event.current_round > round_number or event.next_round_at is not None:
                return
            effects = self._round_jobs(event)
            people = self._people(store, [*loaded.experts, *loaded.mentees])
            effects.send.extend(self._round_messages(loaded, round_number, people))
        self._apply(event_id, effects)

    def round_warn(self, event_id: int, round_number: int) -> None:
        with EventRepository.reading(self.database) as store:
            event = self._load(store, event_id).event
        if event.status != EventStatus.RUNNING or event.current_round != round_number:
            return
        if event.next_round_at is not None:
            return
        left = _duration_text(min(WARNING_LEAD, self._round_length(event) / 2))
        self._apply(
            event_id,
            _Effects(
                send=[
                    _Outgoing(
                        round_number,
                        f"warn:{event.extended_seconds}",
                        event.channel_id,
                        text.channel_warning(event.name, round_number, left),
                    )
                ]
            ),
        )

    def round_end(self, event_id: int, round_number: int) -> None:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id, for_update=True)
            event = loaded.event
            if event.status != EventStatus.RUNNING or event.current_round != round_number:
                return
            if event.next_round_at is not None:
                return
            following = self._next_round(event, round_number)
            if following is None:
                effects = self._finish(store, loaded)
            else:
                ended_at = self._round_end_at(event)
                event.next_round_at = ended_at + timedelta(minutes=event.changeover_minutes)
                effects = _Effects(
                    schedule=[self._job(event, following, "start", event.next_round_at)],
                    send=[
                        _Outgoing(
                            round_number,
                            "end-post",
                            event.channel_id,
                            text.channel_changeover(
                                event.name,
                                round_number,
                                following,
                                text.clock_time(event.next_round_at, event.timezone),
                            ),
                        )
                    ],
                )
        self._apply(event_id, effects)

    # --- after the event ----------------------------------------------------------------

    def feedback(
        self,
        event_id: int,
        person: PersonRef,
        usefulness: int,
        would_come_again: bool | None,
        comment: str,
    ) -> Reply:
        if not 1 <= usefulness <= 5:
            raise EventProblem("Choose from 1 (not useful) to 5 (very useful).", "usefulness")
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id)
            person_id = self._person_id(store, person)
            role = self._role(loaded, person_id)
            if role is None:
                raise EventProblem(f"This form is for people who took part in {loaded.event.name}.")
            already = store.feedback_by(event_id, person_id)
            if already is not None:
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
                    created_at=self.clock.now(),
                )
            )
        return text.done("Thank you: your feedback helps the organizers plan the next one.")

    def request_follow_up(
        self, event_id: int, person: PersonRef, expert_row_id: int, note_text: str = ""
    ) -> Reply:
        with EventRepository.writing(self.database) as store:
            loaded = self._load(store, event_id)
            mentee_person = self._person_id(store, person)
            expert = next((e for e in loaded.experts if e.id == expert_row_id), None)
            mentee = next((m for m in loaded.mentees if m.person_id == mentee_person), None)
            if expert is None or expert.person_id is None or mentee is None:
                raise EventProblem("This button is for the mentees who met that expert.")
            if f"e{expert.id}" not in self._experts_met(loaded, f"m{mentee.id}"):
                raise EventProblem(f"You did not meet {expert.name} at {loaded.event.name}.")
            existing = store.follow_up(event_id, mentee_person, expert.person_id)
            if existing is not None:
                return text.done(f"You already asked {expert.name} for a coffee chat.")
            store.add(
                EventFollowUp(
                    event_id=event_id,
                    mentee_person_id=mentee_person,
                    expert_person_id=expert.person_id,
                    note=note_text[:500],
                    created_at=self.clock.now(),
                )
            )
            wish = FollowUpWished(mentee_person, expert.person_id, note_text[:500])
            record(store.session, wish, self.clock.now())
        return text.done(f"Asked: we will introduce you to {expert.name} for a coffee chat.")

    def report(self, event_id: int) -> Reply:
        with EventRepository.reading(self.database) as store:
            loaded = self._load(store, event_id)
            feedback = store.feedback(event_id)
            follow_ups = store.follow_ups(event_id)
        event = loaded.event
        attended = self._attended(loaded)
        rated = [f.usefulness for f in feedback if f.usefulness is not None]
        again = [f.would_meet_again for f in feedback if f.would_meet_again is not None]
        played = [r for r in range(1, event.current_round + 1) if r not in event.skipped_rounds]
        mentees_in = [m for m in loaded.mentees if f"m{m.id}" in attended]
        waiting = len(event.plan["waitlist"]) if event.plan else 0
        fields = (
            ("Status", event.status),
            ("Rounds held", f"{len(played)} of {event.rounds}"),
            ("Mentees", f"{len(mentees_in)} attended of {len(loaded.mentees)} registered"),
            (
                "Experts",
                f"{sum(f'e{e.id}' in attended for e in loaded.experts)} of {len(loaded.experts)}",
            ),
            ("Late joiners", str(sum(m.joined_late for m in loaded.mentees))),
            ("No-shows", str(sum(m.absent_from_round == 1 for m in loaded.mentees))),
            ("Waitlisted", str(waiting)),
            (
                "Feedback",
                f"{len(feedback)} answers"
                + (f", usefulness {sum(rated) / len(rated):.1f} of 5" if rated else ""),
            ),
            ("Would come again", f"{sum(again)} of {len(again)}" if again else "no answers yet"),
            ("Follow-ups requested", str(len(follow_ups))),
        )
        return reply(
            Header(f"{event.name}: report"),
            Fields(fields),
            note("Feedback is confidential: only totals are shown."),
            summary=f"{event.name}: report",
        )

    def export(self, event_id: int) -> EventExport:
        with EventRepository.reading(self.database) as store:
            loaded = self._load(store, event_id)
        plan = loaded.plan() if loaded.event.plan else self._fresh_plan(loaded)
        stem = re.sub(r"[^A-Za-z0-9]+", "-", loaded.event.name).strip("-").lower() or "event"
        return EventExport(stem, plan_to_csv(plan), plan_to_html(plan, loaded.event.name))

    def control(self, event_id: int) -> Reply:
        with EventRepository.reading(self.database) as store:
            summary = self._summary(store, event_id)
            event = self._load(store, event_id).event
        state = event.status
        if event.status in (EventStatus.RUNNING, EventStatus.PAUSED) and event.current_round:
            phase = "changeover" if event.next_round_at else "talking"
            state += f", round {event.current_round} of {event.rounds} ({phase})"
        return text.control_panel(
            (
                ("Status", state),
                (
                    "Starts",
                    f"{_local(event, '%a %d %b %H:%M')} {event.timezone}",
                ),
                ("Experts", str(summary.experts)),
                ("Mentees", str(summary.mentees)),
            ),
            f"#{event_id} {event.name}",
            event_id,
        )

    # --- internals: loading and planning ------------------------------------------------

    def _load(self, store: EventRepository, event_id: int, for_update: bool = False) -> _Loaded:
        rows = store.load(event_id, for_update)
        if rows is None:
            raise EventProblem(f"There is no event #{event_id}.")
        return _Loaded(rows.event, rows.experts, rows.mentees)

    def _summary(self, store: EventRepository, event_id: int) -> EventSummary:
        loaded = self._load(store, event_id)
        event = loaded.event
        return EventSummary(
            event_id=event_id,
            name=event.name,
            channel_id=event.channel_id,
            status=event.status,
            starts_at=event.starts_at,
            timezone=event.timezone,
            rounds=event.rounds,
            current_round=event.current_round,
            experts=len(loaded.experts),
            mentees=len(loaded.mentees),
            topics=loaded.topics(),
        )

    def _person_id(self, store: EventRepository, person: PersonRef) -> int:
        return store.person_id(person)

    def _add_expert(self, store: EventRepository, loaded: _Loaded, entry: ExpertEntry) -> None:
        if not entry.name.strip() or not entry.topic.strip() or not entry.table.strip():
            raise EventProblem("An expert needs a name, a topic and a table.", "name")
        person_id = self._person_id(store, entry.person) if entry.person else None
        labels = {e.table_label.casefold(): e for e in loaded.experts}
        clash = labels.get(entry.table.strip().casefold())
        if clash is not None and clash.person_id != person_id:
            raise EventProblem(f"Table {entry.table} is already {clash.name}'s.", "table")
        row = next((e for e in loaded.experts if person_id and e.person_id == person_id), None)
        row = (
            row
            or clash
            or EventExpert(event_id=_require(loaded.event.id), name="", topic="", table_label="")
        )
        row.name, row.topic, row.table_label = (
            entry.name.strip(),
            entry.topic.strip(),
            entry.table.strip(),
        )
        row.person_id = person_id
        row.absent_rounds = sorted(entry.absent_rounds)
        store.add(row)
        store.flush()
        if row not in loaded.experts:
            loaded.experts.append(row)

    def _upsert_mentee(
        self,
        store: EventRepository,
        loaded: _Loaded,
        person: PersonRef | None,
        name: str,
        ranked_topics: tuple[str, ...],
        joined_late: bool = False,
    ) -> EventMentee:
        person_id = self._person_id(store, person) if person else None
        row = next((m for m in loaded.mentees if person_id and m.person_id == person_id), None)
        if row is None:
            row = EventMentee(
                event_id=_require(loaded.event.id), name=name, joined_late=joined_late
            )
            loaded.mentees.append(row)
        row.name = name[:200] or row.name
        row.person_id = person_id
        row.ranked_topics = list(ranked_topics)
        row.absent_from_round = None
        store.add(row)
        store.flush()
        return row

    def _fresh_plan(self, loaded: _Loaded) -> Plan:
        if not loaded.experts:
            raise EventProblem("Add experts first: /speedmentor experts or import-experts.")
        mentees = loaded.planner_mentees(staying_only=True)
        if not mentees:
            raise EventProblem("No mentees yet: open sign-up or use import-mentees.")
        try:
            return plan_event(
                loaded.planner_experts(), mentees, loaded.spec, seed=_require(loaded.event.id)
            )
        except ValueError as error:
            raise EventProblem(str(error)) from error

    def _figures_reply(self, event: SpeedEvent, plan: Plan, title: str) -> Reply:
        return reply(
            Header(f"{title}: {event.name}"),
            *(paragraph(line) for line in figures_lines(plan.figures)),
            note(
                "Publish with /speedmentor publish; export with /speedmentor export."
                if title == "Preview"
                else "Participants get their seats by DM as each round starts."
            ),
            summary=f"{title}: {event.name}",
        )

    def _late_joiner(
        self,
        store: EventRepository,
        loaded: _Loaded,
        person: PersonRef,
        name: str,
        ranked_topics: tuple[str, ...],
    ) -> _Effects:
        old_plan = loaded.plan()
        self._upsert_mentee(store, loaded, person, name, ranked_topics, joined_late=True)
        return self._replan(store, loaded, old_plan, self._first_open_round(loaded.event))

    def _replan(
        self, store: EventRepository, loaded: _Loaded, old_plan: Plan | None, from_round: int
    ) -> _Effects:
        event = loaded.event
        if old_plan is None or event.plan is None or from_round > event.rounds:
            return _Effects()
        try:
            result = replan(
                old_plan,
                loaded.planner_experts(),
                loaded.planner_mentees(staying_only=True),
                loaded.spec,
                from_round,
            )
        except ValueError as error:
            raise EventProblem(str(error)) from error
        version = int(event.plan["version"]) + 1
        event.plan = plan_to_json(result.plan, version)
        store.add(event)
        skipped = set(event.skipped_rounds)
        later = [r for r in range(from_round, event.rounds + 1) if r not in skipped]
        experts = loaded.expert_by_key()
        mentees = loaded.mentee_by_key()
        people = self._people(store, [*experts.values(), *mentees.values()])
        effects = _Effects()
        waiting = {entry.mentee_id: entry.reason for entry in result.plan.waitlist}
        for mentee_id in result.mentees_to_notify:
            row = mentees[mentee_id]
            if row.person_id is None:
                continue
            if mentee_id in waiting:
                message = text.waitlisted(event.name, waiting[mentee_id])
            else:
                itinerary = result.plan.itinerary(mentee_id)
                seats = [(r, self._seat(itinerary.stops[r - 1], experts)) for r in later]
                intro = f"Your seats for {event.name} from round {from_round}:"
                message = text.mentee_itinerary(event.name, intro, seats)
            effects.send.append(
                _Outgoing(
                    version, "change", people[row.person_id].user_id, message, people[row.person_id]
                )
            )
        seats_now = result.plan.seats()
        for expert_id in result.experts_to_notify:
            host = experts[expert_id]
            if host.person_id is None:
                continue
            sizes = [(r, len(seats_now.get(r, {}).get(expert_id, ()))) for r in later]
            intro = f"Your table at {event.name} changed from round {from_round}:"
            person = people[host.person_id]
            effects.send.append(
                _Outgoing(
                    version,
                    "change",
                    person.user_id,
                    text.expert_schedule(event.name, intro, sizes),
                    person,
                )
            )
        return effects

    def _seat(self, stop: ItineraryStop, experts: dict[str, EventExpert]) -> text.Seat | None:
        if stop.kind is not StopKind.SEATED or stop.expert_id is None:
            return None
        expert = experts[stop.expert_id]
        return text.Seat(expert.table_label, expert.name, expert.topic)

    def _people(
        self, store: EventRepository, rows: Sequence[EventExpert | EventMentee]
    ) -> dict[int, PersonRef]:
        persons = store.persons(row.person_id for row in rows if row.person_id is not None)
        return {_require(p.id): PersonRef(p.platform, p.workspace_id, p.user_id) for p in persons}

    # --- internals: time ----------------------------------------------------------------

    def _round_length(self, event: SpeedEvent) -> timedelta:
        return timedelta(minutes=event.round_minutes, seconds=event.extended_seconds)

    def _round_end_at(self, event: SpeedEvent) -> datetime:
        assert event.round_started_at is not None
        return event.round_started_at + self._round_length(event)

    def _next_round(self, event: SpeedEvent, after: int) -> int | None:
        skipped = set(event.skipped_rounds)
        return next((r for r in range(after + 1, event.rounds + 1) if r not in skipped), None)

    def _first_open_round(self, event: SpeedEvent) -> int:
        """The first round not yet started, the one a repair can still change."""
        return event.current_round + 1

    def _job(self, event: SpeedEvent, round_number: int, kind: str, run_at: datetime) -> _Job:
        task = {"start": START_TASK, "warn": WARN_TASK, "end": END_TASK}[kind]
        event_id = _require(event.id)
        return _Job(job_id(event_id, round_number, kind), task, run_at, event_id, round_number)

    def _all_jobs(self, event: SpeedEvent) -> list[str]:
        event_id = _require(event.id)
        return [
            job_id(event_id, r, kind)
            for r in range(max(1, event.current_round), event.rounds + 1)
            for kind in ("start", "warn", "end")
        ]

    def _round_jobs(self, event: SpeedEvent) -> _Effects:
        """The jobs the event's current phase needs, replacing any earlier ones."""
        effects = _Effects()
        if event.next_round_at is not None:
            upcoming = self._next_round(event, event.current_round)
            if upcoming is not None:
                effects.schedule.append(self._job(event, upcoming, "start", event.next_round_at))
            return effects
        ends_at = self._round_end_at(event)
        warn_at = ends_at - min(WARNING_LEAD, self._round_length(event) / 2)
        number = event.current_round
        effects.schedule.append(self._job(event, number, "warn", warn_at))
        effects.schedule.append(self._job(event, number, "end", ends_at))
        return effects

    # --- internals: messages ------------------------------------------------------------

    def _post(
        self,
        event: SpeedEvent,
        kind: str,
        message: Reply,
        *,
        unique: bool = False,
        round_number: int | None = None,
    ) -> _Outgoing:
        # Pause, resume and extend may happen many times in one round; each gets its own key.
        suffix = f":{int(self.clock.now().timestamp())}" if unique else ""
        number = event.current_round if round_number is None else round_number
        return _Outgoing(number, f"{kind}{suffix}"[:24], event.channel_id, message)

    def _round_messages(
        self, loaded: _Loaded, round_number: int, people: dict[int, PersonRef]
    ) -> list[_Outgoing]:
        event = loaded.event
        assert event.plan is not None
        seating = next(entry for entry in event.plan["rounds"] if entry["round"] == round_number)
        mentees = loaded.mentee_by_key()
        ends_at = text.clock_time(self._round_end_at(event), event.timezone)
        out: list[_Outgoing] = []
        tables: list[tuple[str, str, str, int]] = []

        def direct(person_id: int | None, message: Reply) -> None:
            person = people.get(person_id) if person_id is not None else None
            if person is not None:
                out.append(_Outgoing(round_number, "start", person.user_id, message, person))

        def here(mentee: EventMentee) -> bool:
            return mentee.absent_from_round is None or mentee.absent_from_round > round_number

        for expert in loaded.experts:
            if round_number in expert.absent_rounds:
                continue
            group = [mentees[m] for m in seating["tables"].get(f"e{expert.id}", [])]
            if group:
                tables.append((expert.table_label, expert.name, expert.topic, len(group)))
            names = [m.name for m in group]
            direct(
                expert.person_id,
                text.expert_round(
                    round_number,
                    event.rounds,
                    expert.table_label,
                    expert.topic,
                    names,
                    ends_at,
                    event.name,
                ),
            )
            seat = text.Seat(expert.table_label, expert.name, expert.topic)
            for mentee in filter(here, group):
                direct(
                    mentee.person_id,
                    text.mentee_round(round_number, event.rounds, seat, ends_at, event.name),
                )
        for mentee in filter(here, (mentees[m] for m in seating["free"])):
            direct(
                mentee.person_id,
                text.mentee_round(round_number, event.rounds, None, ends_at, event.name),
            )
        post = _Outgoing(
            round_number,
            "start-post",
            event.channel_id,
            text.channel_round(event.name, round_number, event.rounds, tables, ends_at),
        )
        return [post, *out]

    def _finish(self, store: EventRepository, loaded: _Loaded) -> _Effects:
        event = loaded.event
        effects = _Effects(cancel=self._all_jobs(event))
        event.status = EventStatus.ENDED
        event.next_round_at = None
        event.paused_at = None
        store.add(event)
        effects.send.append(
            _Outgoing(
                0,
                "wrap-post",
                event.channel_id,
                text.channel_notice(
                    f"{event.name} is over. Thank you all! A short feedback form is in your DMs."
                ),
            )
        )
        attended = self._attended(loaded)
        people = self._people(store, [*loaded.experts, *loaded.mentees])
        event_id = _require(event.id)
        experts = loaded.expert_by_key()
        keyed: list[tuple[str, int | None]] = [
            *((key, row.person_id) for key, row in experts.items()),
            *((key, row.person_id) for key, row in loaded.mentee_by_key().items()),
        ]
        for key, person_id in keyed:
            person = people.get(person_id) if person_id is not None else None
            if key not in attended or person is None:
                continue
            met = (
                [
                    (_require(experts[e].id), experts[e].name)
                    for e in self._experts_met(loaded, key)
                    if experts[e].person_id is not None
                ]
                if key.startswith("m")
                else []
            )
            effects.send.append(
                _Outgoing(
                    0,
                    "feedback",
                    person.user_id,
                    text.feedback_request(event.name, met, event_id),
                    person,
                )
            )
        return effects

    def _held_rounds(self, event: SpeedEvent) -> list[int]:
        return [r for r in range(1, event.current_round + 1) if r not in event.skipped_rounds]

    def _experts_met(self, loaded: _Loaded, mentee_key: str) -> list[str]:
        """Experts the mentee sat with in rounds that were held while they were there."""
        event = loaded.event
        if event.plan is None:
            return []
        row = loaded.mentee_by_key()[mentee_key]
        held = set(self._held_rounds(event))
        met: list[str] = []
        for entry in event.plan["rounds"]:
            number = int(entry["round"])
            if number not in held or (row.absent_from_round or 10**6) <= number:
                continue
            met.extend(e for e, group in entry["tables"].items() if mentee_key in group)
        return list(dict.fromkeys(met))

    def _attended(self, loaded: _Loaded) -> set[str]:
        """Planner keys of everyone who sat at a table in at least one held round."""
        event = loaded.event
        if event.plan is None:
            return set()
        held = set(self._held_rounds(event))
        mentees = loaded.mentee_by_key()
        experts = loaded.expert_by_key()
        present: set[str] = set()
        for entry in event.plan["rounds"]:
            number = int(entry["round"])
            if number not in held:
                continue
            for expert_id, group in entry["tables"].items():
                here = [m for m in group if (mentees[m].absent_from_round or 10**6) > number]
                if here and number not in experts[expert_id].absent_rounds:
                    present.add(expert_id)
                    present.update(here)
        return present

    def _role(self, loaded: _Loaded, person_id: int) -> str | None:
        attended = self._attended(loaded)
        if any(f"e{e.id}" in attended and e.person_id == person_id for e in loaded.experts):
            return "expert"
        if any(f"m{m.id}" in attended and m.person_id == person_id for m in loaded.mentees):
            return "mentee"
        return None

    # --- internals: effects -------------------------------------------------------------

    def _apply(self, event_id: int, effects: _Effects) -> None:
        for stale in effects.cancel:
            self.scheduler.cancel(stale)
        for job in effects.schedule:
            self.scheduler.schedule_once(
                job.job_id, job.task, job.run_at, (job.event_id, job.round_number)
            )
        if effects.send:
            self._fan_out(event_id, effects.send)

    def _fan_out(self, event_id: int, outgoing: Sequence[_Outgoing]) -> None:
        """Send each message at most once, several at a time; the client paces 429s."""
        if len(outgoing) == 1:
            self._deliver(event_id, outgoing[0])
            return
        with ThreadPoolExecutor(self.fanout_workers, thread_name_prefix="event-fanout") as pool:
            for future in [pool.submit(self._deliver, event_id, item) for item in outgoing]:
                future.result()

    def _deliver(self, event_id: int, item: _Outgoing) -> None:
        if not self._claim(event_id, item):
            return
        error: str | None = None
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            try:
                if item.person is not None:
                    self.messenger.send_direct(item.person, item.message)
                else:
                    self.messenger.send_channel(item.recipient, item.message)
                error = None
                break
            except DeliveryFailed as failure:
                error = failure.reason
                if failure.reason != "ratelimited" or attempt == RATE_LIMIT_RETRIES:
                    break
                time.sleep(2**attempt)
        with EventRepository.writing(self.database) as store:
            row = store.announcement(event_id, item.round_number, item.kind, item.recipient)
            row.status = AnnouncementStatus.FAILED if error else AnnouncementStatus.SENT
            row.error = error[:200] if error else None
            row.sent_at = None if error else self.clock.now()
        if error:
            _logger.warning("Event %s %s message not delivered: %s", event_id, item.kind, error)

    def _claim(self, event_id: int, item: _Outgoing) -> bool:
        with EventRepository.writing(self.database) as store:
            return store.claim_announcement(
                event_id, item.round_number, item.kind, item.recipient, self.clock.now()
            )


def _require(value: int | None) -> int:
    assert value is not None, "row has no id yet"
    return value


def _check_settings(settings: EventSettings) -> None:
    checks = (
        (bool(settings.name.strip()), "name", "Give the event a name."),
        (bool(settings.channel_id), "channel", "Choose the channel the event runs in."),
        (1 <= settings.rounds <= MAX_ROUNDS, "rounds", f"Choose 1 to {MAX_ROUNDS} rounds."),
        (1 <= settings.round_minutes <= 120, "round_minutes", "Rounds last 1 to 120 minutes."),
        (
            0 <= settings.changeover_minutes <= 60,
            "changeover_minutes",
            "Changeovers last 0 to 60 minutes.",
        ),
        (settings.table_min >= 1, "table_min", "At least one mentee per table."),
        (
            settings.table_min <= settings.table_max <= 30,
            "table_max",
            "The largest table must be at least the smallest, and at most 30.",
        ),
    )
    for ok, field_name, message in checks:
        if not ok:
            raise EventProblem(message, field_name)
    try:
        ZoneInfo(settings.timezone)
    except (LookupError, ValueError):
        raise EventProblem("Use a time zone name such as America/New_York.", "timezone") from None


def _people_count(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _local(event: SpeedEvent, pattern: str) -> str:
    return event.starts_at.astimezone(ZoneInfo(event.timezone)).strftime(pattern)


def _not_published(event: SpeedEvent) -> None:
    if event.status not in (EventStatus.DRAFT, EventStatus.SIGNUP, EventStatus.CLOSED):
        raise EventProblem(
            f"{event.name} is already {event.status}: use absent or late for changes on the day."
        )


def _already(event: SpeedEvent) -> str:
    if event.status == EventStatus.RUNNING:
        return f"Round {event.current_round} of {event.name} is already running."
    return f"{event.name} is {event.status}; publish it first."


def _duration_text(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    return f"{seconds} seconds"

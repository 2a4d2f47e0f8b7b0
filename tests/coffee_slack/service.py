"""A CoffeeRounds service on a real database, with recording stand-ins for its ports and for
the check-ins that follow up on its introductions."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import cast

from sqlmodel import col, select

from bot.checkins.model import Kind
from bot.clock import FakeClock
from bot.coffee.messages import ProgramSettings
from bot.coffee.rounds import COFFEE_GROUP, ChannelKey, CoffeeRounds
from bot.domain import DISPATCH_TASK, CoffeeGroupIntroduced, DomainEvents, Handlers
from bot.identity import PersonRef
from bot.messaging import RecordingMessenger
from bot.outbox import DELIVER_TASK, SWEEP_TASK, Outbox, QuietHours
from bot.replies import plain_text
from bot.scheduling import JobScheduler, Primitive, register_task, unregister_task
from storage.db import Database
from storage.models import CoffeeGroup, CoffeeProgram, CoffeeRound, Person, Profile
from storage.people import PersonRepository
from storage.prompts import PromptRepository, PromptStatus

TEAM = "T0DEMO"
NIGHTS = QuietHours(time(20, 0), time(8, 0), False, "UTC")


@dataclass
class Jobs:
    """Scheduled jobs by id: what the service asked for, without running anything."""

    planned: dict[str, tuple[str, datetime, tuple[Primitive, ...]]] = field(default_factory=dict)

    def schedule_once(
        self, job_id: str, task: str, run_at: datetime, args: Sequence[Primitive] = ()
    ) -> None:
        self.planned[job_id] = (task, run_at, tuple(args))

    def schedule_interval(
        self,
        job_id: str,
        task: str,
        every: timedelta,
        args: Sequence[Primitive] = (),
        first: datetime | None = None,
    ) -> None:
        """The outbox's sweeper: nothing goes missing here, so it is never needed."""

    def cancel(self, job_id: str) -> bool:
        return self.planned.pop(job_id, None) is not None


@dataclass
class Channels:
    members_of: dict[str, list[str]] = field(default_factory=dict)

    def members(self, workspace_id: str, channel_id: str) -> list[str] | None:
        return list(self.members_of[channel_id]) if channel_id in self.members_of else None

    def name(self, workspace_id: str, channel_id: str) -> str | None:
        return channel_id.lower()


@dataclass
class FollowUp:
    """Stands in for the check-ins: notes each introduced group, and writes the "Did you
    meet?" prompts people were sent and what they answered, as the check-ins would."""

    database: Database
    scheduled: list[CoffeeGroupIntroduced] = field(default_factory=list)
    silent: bool = False
    """Each group introduced meanwhile is asked, and nobody answers."""

    def coffee_group_introduced(self, event: CoffeeGroupIntroduced) -> None:
        self.scheduled.append(event)
        if self.silent:
            for person_id in event.person_ids:
                self._asked(event.group_id, person_id, event.ask_at)

    def answer(self, group_id: int, *answers: str) -> None:
        """The group's members answer, in order, as given."""
        event = next(e for e in self.scheduled if e.group_id == group_id)
        for person_id, answer in zip(event.person_ids, answers, strict=False):
            prompt_id = self._asked(group_id, person_id, event.ask_at)
            with self.database.write() as session:
                PromptRepository(session).answer_once(prompt_id, answer, event.ask_at)

    def _asked(self, group_id: int, person_id: int, at: datetime) -> int:
        with self.database.write() as session:
            prompt, _ = PromptRepository(session).add_once(
                kind=Kind.DID_YOU_MEET,
                person_id=person_id,
                subject_type=COFFEE_GROUP,
                subject_id=group_id,
                dedupe_key=f"did_you_meet:{COFFEE_GROUP}:{group_id}:{person_id}",
                due_at=at,
                status=PromptStatus.SENT,
            )
            assert prompt.id is not None
            return prompt.id


class CoffeeWorld:
    def __init__(self, database_url: str, start: datetime) -> None:
        self.database = Database(database_url)
        self.clock = FakeClock(start)
        self.messenger = RecordingMessenger()
        self.jobs = Jobs()
        self.channels = Channels()
        self.follow_up = FollowUp(self.database)
        self.domain_events = DomainEvents(
            self.database,
            self.clock,
            self.jobs,
            Handlers({CoffeeGroupIntroduced: [self.follow_up.coffee_group_introduced]}),
        )
        register_task(DISPATCH_TASK, self.domain_events.dispatch)
        self.outbox = Outbox(
            self.database, self.clock, self.messenger, cast(JobScheduler, self.jobs), NIGHTS
        )
        self.service = CoffeeRounds(
            self.database,
            self.clock,
            self.outbox,
            self.jobs,
            self.channels,
            seed_for=lambda program, number: program * 1000 + number,
        )

    def ref(self, user_id: str) -> PersonRef:
        return PersonRef.slack(TEAM, user_id)

    def key(self, channel_id: str) -> ChannelKey:
        return ChannelKey("slack", TEAM, channel_id)

    def set_up(self, channel_id: str, users: list[str], **settings: object) -> int:
        self.channels.members_of[channel_id] = users
        self.service.set_up(self.ref("U0PD"), self.key(channel_id), ProgramSettings(**settings))  # type: ignore[arg-type]
        return self.program_id(channel_id)

    def program_id(self, channel_id: str) -> int:
        with self.database.read() as session:
            program = session.exec(
                select(CoffeeProgram).where(CoffeeProgram.channel_id == channel_id)
            ).one()
            assert program.id is not None
            return program.id

    def run_jobs_until(self, moment: datetime) -> None:
        """Run planned jobs in time order up to ``moment``, as the scheduler would."""
        tasks = {
            **self.service.tasks(),
            DELIVER_TASK: self.outbox.deliver,
            SWEEP_TASK: self.outbox.sweep,
        }
        while True:
            due = sorted(
                (run_at, job_id)
                for job_id, (_, run_at, _) in self.jobs.planned.items()
                if run_at <= moment
            )
            if not due:
                break
            run_at, job_id = due[0]
            task, _, args = self.jobs.planned.pop(job_id)
            self.clock.set(max(run_at, self.clock.now()))
            tasks[task](*args)
        self.clock.set(max(moment, self.clock.now()))

    def next_round_time(self, program_id: int) -> datetime:
        return self.jobs.planned[f"coffee:{program_id}:round"][1]

    def run_next_round(self, program_id: int) -> None:
        self.run_jobs_until(self.next_round_time(program_id))

    def user_ids(self) -> dict[int, str]:
        with self.database.read() as session:
            return {p.id: p.user_id for p in session.exec(select(Person)) if p.id is not None}

    def groups(self, program_id: int, number: int) -> list[set[str]]:
        names = self.user_ids()
        with self.database.read() as session:
            found = session.exec(
                select(CoffeeRound).where(
                    CoffeeRound.program_id == program_id, CoffeeRound.number == number
                )
            ).one()
            return [
                {names[pid] for pid in group.person_ids}
                for group in session.exec(
                    select(CoffeeGroup).where(CoffeeGroup.round_id == found.id)
                )
            ]

    def rounds(self, program_id: int) -> list[tuple[int, str]]:
        with self.database.read() as session:
            return [
                (r.number, r.status)
                for r in session.exec(
                    select(CoffeeRound)
                    .where(CoffeeRound.program_id == program_id)
                    .order_by(col(CoffeeRound.number))
                )
            ]

    def set_profile(self, user_id: str, **fields: object) -> None:
        with self.database.write() as session:
            person = PersonRepository(session).get_or_create(self.ref(user_id))
            assert person.id is not None
            profile = session.get(Profile, person.id) or Profile(person_id=person.id)
            for name, value in fields.items():
                setattr(profile, name, value)
            session.add(profile)

    def sent_to(self, recipient: str) -> list[str]:
        return [plain_text(message) for to, message in self.messenger.sent if to == recipient]

    def close(self) -> None:
        unregister_task(DISPATCH_TASK)
        self.database.dispose()

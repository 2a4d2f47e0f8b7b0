"""Builds the domain services once, with their dependencies passed in."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from bot.assessment import EvaluativeRoles
from bot.checkins import ROUND_TASK, CheckIns, Goals, SubjectRules
from bot.checkins.followups import CheckInFollowUps
from bot.clock import Clock, SystemClock
from bot.coffee.ports import ChannelDirectory
from bot.coffee.report import CoffeeSection
from bot.coffee.rounds import COFFEE_GROUP, CoffeeRounds, random_seed, repeatable_seed
from bot.compute import Compute
from bot.deliveries import Deliveries
from bot.domain import (
    CoffeeGroupIntroduced,
    DomainEvents,
    Ended,
    FollowUpWished,
    Handlers,
    Introduced,
    MeetingBooked,
    MeetingCancelled,
)
from bot.events.conference import Conference
from bot.events.live import SpeedMentoring
from bot.events.report import EventsSection
from bot.lasting.agreement import Agreements
from bot.lasting.fit import FitChecks
from bot.lasting.plan import DevelopmentPlans
from bot.lasting.practice import MentorPractice
from bot.lasting.report import LastingSection
from bot.lasting.surveys import Surveys
from bot.matching.embeddings import make_scorer
from bot.meetings import Meetings, MeetingsContext, MeetingsSection, QuietRules
from bot.meetings.calendars import fetch_feed
from bot.mentoring.cohort import CohortMatching
from bot.mentoring.requests import MentorRequests, Timing
from bot.messaging import Messenger
from bot.outbox import DELIVER_TASK, SWEEP_TASK, Outbox, QuietHours
from bot.people import People
from bot.profiles import Profiles
from bot.reports import register_section
from bot.reports.jobs import ReportJobs
from bot.reports.recognition import Recognition
from bot.scheduling import JobScheduler, SchedulingReplica, register_task
from bot.settings import Settings
from storage.coffee import CoffeeRepository
from storage.db import Database

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    database: Database
    people: People
    profiles: Profiles
    deliveries: Deliveries
    messenger: Messenger
    outbox: Outbox
    scheduling: SchedulingReplica
    requests: MentorRequests
    cohort: CohortMatching
    coffee: CoffeeRounds
    recognition: Recognition
    report_jobs: ReportJobs
    events: SpeedMentoring
    conference: Conference
    checkins: CheckIns
    goals: Goals
    domain_events: DomainEvents
    compute: Compute
    evaluative_roles: EvaluativeRoles
    fit_checks: FitChecks
    surveys: Surveys
    agreements: Agreements
    practice: MentorPractice
    plans: DevelopmentPlans
    meetings: Meetings
    tasks: dict[str, Callable[..., object]] = field(default_factory=dict)

    @property
    def scheduler(self) -> JobScheduler:
        return self.scheduling.scheduler

    def register_tasks(self) -> None:
        """Make this process's services the ones that scheduled jobs call by name."""
        for name, task in self.tasks.items():
            register_task(name, task)

    def schedule_recurring(self) -> None:
        """Book the jobs that repeat while Rounds runs; idempotent, so call it at every start."""
        self.report_jobs.ensure_scheduled()
        self.practice.ensure_scheduled()
        self.domain_events.ensure_sweeper()
        self.meetings.ensure_scheduled()

    def warm_up(self) -> None:
        """Do the work the first requests would otherwise wait for, as the server starts."""
        try:
            self.requests.warm_up()
        except Exception:  # a cold ranking is slower, never wrong: serving goes on
            logger.exception("warming the mentor ranking failed; the first request will")


def coffee_seeds(seed: int | None) -> Callable[[int, int], int]:
    return random_seed if seed is None else repeatable_seed(seed)


def register_program_sections() -> None:
    """The coffee, event and mentoring-that-lasts parts of the program report."""
    register_section(CoffeeSection())
    register_section(EventsSection())
    register_section(LastingSection())
    register_section(MeetingsSection())


@dataclass(frozen=True)
class Foundations:
    """What everything else is built on; a platform adapter may need it for its messenger."""

    settings: Settings
    clock: Clock
    database: Database
    people: People


def foundations(settings: Settings, clock: Clock | None = None) -> Foundations:
    database = Database(settings.DATABASE_URL)
    return Foundations(
        settings, clock or SystemClock(), database, People(database, settings.ORGANIZERS)
    )


def bootstrap(
    base: Foundations, messenger: Messenger, channels: ChannelDirectory | None = None
) -> Services:
    """Every service, built once; the platform adapter passes in how to reach people."""
    settings, clock, database, people = base.settings, base.clock, base.database, base.people
    scheduling = SchedulingReplica(
        database.url,
        poll_seconds=settings.SCHEDULER_POLL_SECONDS,
        timed_workers=settings.SCHEDULER_TIMED_THREADS,
        bulk_workers=settings.SCHEDULER_BULK_THREADS,
    )
    outbox = Outbox(
        database,
        clock,
        messenger,
        scheduling.scheduler,
        QuietHours(
            settings.QUIET_HOURS_START,
            settings.QUIET_HOURS_END,
            settings.QUIET_WEEKENDS,
            settings.DEFAULT_TIMEZONE,
        ),
        threads=settings.OUTBOX_THREADS,
    )
    scorer = make_scorer(settings.OPENAI_API_KEY, settings.OPENAI_BASE_URL)
    compute = Compute(settings.COMPUTE_PROCESSES)
    requests = MentorRequests(
        database,
        clock,
        people,
        messenger,
        outbox,
        scheduling.scheduler,
        scorer,
        Timing(
            remind_after=timedelta(hours=settings.REMIND_AFTER_HOURS),
            pass_on_after=timedelta(hours=settings.PASS_ON_AFTER_HOURS),
        ),
    )
    recognition = Recognition(database, outbox, clock, settings.shoutout_channel_in)
    report_jobs = ReportJobs(
        database,
        clock,
        recognition,
        lambda: scheduling.scheduler,
        settings.FREE_TEXT_RETENTION_MONTHS,
    )
    checkins = CheckIns(
        database,
        clock,
        outbox,
        scheduling.scheduler,
        did_you_meet_after=timedelta(days=settings.DID_YOU_MEET_AFTER_DAYS),
    )
    follow_ups = CheckInFollowUps(database, checkins)
    fit_checks = FitChecks(database, clock, outbox, requests)
    surveys = Surveys(database, clock, outbox)
    goals = Goals(database, clock)
    agreements = Agreements(database, clock, outbox, checkins, goals)
    plans = DevelopmentPlans(database, clock, outbox, goals)
    meetings = Meetings(
        MeetingsContext(
            database,
            clock,
            outbox,
            scheduling.scheduler,
            QuietRules(
                settings.QUIET_HOURS_START, settings.QUIET_HOURS_END, settings.QUIET_WEEKENDS
            ),
            settings.DEFAULT_TIMEZONE,
        ),
        partial(fetch_feed, timeout=settings.CALENDAR_FEED_TIMEOUT_SECONDS),
    )
    checkins.register_subject(
        COFFEE_GROUP,
        SubjectRules(
            CoffeeRepository, CoffeeRepository.group_is_ongoing, CoffeeRepository.group_member_ids
        ),
    )
    events = SpeedMentoring(
        database,
        clock,
        outbox,
        scheduling.scheduler,
        search_seconds=settings.ROTATION_SEARCH_SECONDS,
    )
    services = Services(
        settings=settings,
        clock=clock,
        database=database,
        people=people,
        profiles=Profiles(database),
        deliveries=Deliveries(database, clock),
        messenger=messenger,
        outbox=outbox,
        scheduling=scheduling,
        requests=requests,
        cohort=CohortMatching(database, clock, scorer, requests, compute),
        tasks={**requests.tasks},
        coffee=CoffeeRounds(
            database,
            clock,
            outbox,
            scheduling.scheduler,
            channels,
            seed_for=random_seed
            if settings.COFFEE_SEED is None
            else repeatable_seed(settings.COFFEE_SEED),
        ),
        recognition=recognition,
        report_jobs=report_jobs,
        events=events,
        conference=Conference(events.context),
        checkins=checkins,
        goals=goals,
        domain_events=DomainEvents(
            database,
            clock,
            scheduling.scheduler,
            Handlers(
                {
                    Introduced: [
                        follow_ups.introduced,
                        agreements.introduced,
                        fit_checks.introduced,
                        surveys.introduced,
                        plans.introduced,
                        meetings.introduced,
                    ],
                    Ended: [follow_ups.ended, surveys.ended],
                    CoffeeGroupIntroduced: [
                        follow_ups.coffee_group_introduced,
                        meetings.coffee_group_introduced,
                    ],
                    FollowUpWished: [requests.follow_up_wished],
                    MeetingBooked: [follow_ups.meeting_booked],
                    MeetingCancelled: [follow_ups.meeting_cancelled],
                }
            ),
        ),
        compute=compute,
        evaluative_roles=EvaluativeRoles(database),
        fit_checks=fit_checks,
        surveys=surveys,
        agreements=agreements,
        practice=MentorPractice(database, clock, outbox, lambda: scheduling.scheduler),
        plans=plans,
        meetings=meetings,
    )
    services.tasks.update(
        {
            DELIVER_TASK: outbox.deliver,
            SWEEP_TASK: outbox.sweep,
            ROUND_TASK: checkins.run_relationship_round,
        }
    )
    services.tasks.update(services.events.tasks())
    services.tasks.update(services.coffee.tasks())
    services.tasks.update(report_jobs.tasks())
    services.tasks.update(services.practice.tasks())
    services.tasks.update(services.domain_events.tasks())
    services.tasks.update(meetings.tasks())
    register_program_sections()
    services.register_tasks()
    return services

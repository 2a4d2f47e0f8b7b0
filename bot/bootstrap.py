"""Builds the domain services once, with their dependencies passed in."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.checkins import DELIVER_TASK, ROUND_TASK, SWEEP_TASK, CheckIns, Goals, QuietHours
from bot.clock import Clock, SystemClock
from bot.deliveries import Deliveries
from bot.messaging import Messenger
from bot.people import People
from bot.scheduling import JobScheduler, SchedulingReplica, register_task
from bot.settings import Settings
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    clock: Clock
    database: Database
    people: People
    deliveries: Deliveries
    messenger: Messenger
    scheduling: SchedulingReplica
    checkins: CheckIns
    goals: Goals
    tasks: dict[str, Callable[..., object]] = field(default_factory=dict)

    @property
    def scheduler(self) -> JobScheduler:
        return self.scheduling.scheduler

    def register_tasks(self) -> None:
        """Make this process's services the ones that scheduled jobs call by name."""
        for name, task in self.tasks.items():
            register_task(name, task)


def bootstrap(settings: Settings, messenger: Messenger, clock: Clock | None = None) -> Services:
    """Every service, built once; the platform adapter passes in how to reach people."""
    clock = clock or SystemClock()
    database = Database(settings.DATABASE_URL)
    scheduling = SchedulingReplica(database.url, poll_seconds=settings.SCHEDULER_POLL_SECONDS)
    checkins = CheckIns(
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
        did_you_meet_after=timedelta(days=settings.DID_YOU_MEET_AFTER_DAYS),
    )
    services = Services(
        settings=settings,
        clock=clock,
        database=database,
        people=People(database, settings.ORGANIZERS),
        deliveries=Deliveries(database, clock),
        messenger=messenger,
        scheduling=scheduling,
        checkins=checkins,
        goals=Goals(database, clock),
    )
    services.tasks.update(
        {
            DELIVER_TASK: checkins.outbox.deliver,
            SWEEP_TASK: checkins.outbox.sweep,
            ROUND_TASK: checkins.run_relationship_round,
        }
    )
    services.register_tasks()
    return services

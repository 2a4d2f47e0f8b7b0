"""Builds the domain services once, with their dependencies passed in."""

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.clock import Clock, SystemClock
from bot.deliveries import Deliveries
from bot.events.live import SpeedMentoring
from bot.messaging import Messenger
from bot.people import People
from bot.profiles import Profiles
from bot.scheduling import JobScheduler, SchedulingReplica, register_task
from bot.settings import Settings
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    clock: Clock
    database: Database
    people: People
    profiles: Profiles
    deliveries: Deliveries
    messenger: Messenger
    scheduling: SchedulingReplica
    events: SpeedMentoring
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
    services = Services(
        settings=settings,
        clock=clock,
        database=database,
        people=People(database, settings.ORGANIZERS),
        profiles=Profiles(database),
        deliveries=Deliveries(database, clock),
        messenger=messenger,
        scheduling=scheduling,
        events=SpeedMentoring(database, clock, messenger, scheduling.scheduler),
    )
    services.tasks.update(services.events.tasks())
    services.register_tasks()
    return services

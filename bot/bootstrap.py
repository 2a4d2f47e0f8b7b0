"""Builds the domain services once, with their dependencies passed in."""

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.clock import Clock, SystemClock
from bot.coffee.ports import ChannelDirectory
from bot.coffee.rounds import CoffeeRounds
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
    coffee: CoffeeRounds
    tasks: dict[str, Callable[..., object]] = field(default_factory=dict)

    @property
    def scheduler(self) -> JobScheduler:
        return self.scheduling.scheduler

    def register_tasks(self) -> None:
        """Make this process's services the ones that scheduled jobs call by name."""
        for name, task in self.tasks.items():
            register_task(name, task)


def bootstrap(
    settings: Settings,
    messenger: Messenger,
    clock: Clock | None = None,
    channels: ChannelDirectory | None = None,
) -> Services:
    """Every service, built once; the platform adapter passes in how to reach people."""
    clock = clock or SystemClock()
    database = Database(settings.DATABASE_URL)
    scheduling = SchedulingReplica(database.url, poll_seconds=settings.SCHEDULER_POLL_SECONDS)
    services = Services(
        settings=settings,
        clock=clock,
        database=database,
        people=People(database, settings.ORGANIZERS),
        deliveries=Deliveries(database, clock),
        messenger=messenger,
        scheduling=scheduling,
        coffee=CoffeeRounds(database, clock, messenger, scheduling.scheduler, channels),
    )
    services.tasks.update(services.coffee.tasks())
    services.register_tasks()
    return services

"""Builds the domain services once, with their dependencies passed in."""

from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.deliveries import Deliveries
from bot.messaging import Messenger
from bot.people import People
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


def bootstrap(settings: Settings, messenger: Messenger, clock: Clock | None = None) -> Services:
    """Every service, built once; the platform adapter passes in how to reach people."""
    clock = clock or SystemClock()
    database = Database(settings.DATABASE_URL)
    return Services(
        settings=settings,
        clock=clock,
        database=database,
        people=People(database, settings.ORGANIZERS),
        deliveries=Deliveries(database, clock),
        messenger=messenger,
    )

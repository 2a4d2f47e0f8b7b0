"""What every request step works with: the services it needs and how long offers wait."""

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.identity import PersonRef
from bot.matching.scoring import Scorer
from bot.messaging import Messenger
from bot.outbox import Outbox
from bot.people import People
from bot.scheduling import JobScheduler
from storage.db import Database
from storage.models import Person


@dataclass(frozen=True)
class Timing:
    remind_after: timedelta = timedelta(hours=48)
    pass_on_after: timedelta = timedelta(hours=72)


DEFAULT_TIMING = Timing()


@dataclass
class RequestContext:
    database: Database
    clock: Clock
    people: People
    messenger: Messenger
    outbox: Outbox
    scheduler: JobScheduler
    scorer: Scorer
    timing: Timing = DEFAULT_TIMING


def ref(person: Person) -> PersonRef:
    return PersonRef(person.platform, person.workspace_id, person.user_id)

"""What every part of the coffee rounds works with, and the names the rest of the app uses."""

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.clock import Clock
from bot.coffee.cadence import HEADS_UP_BEFORE
from bot.coffee.messages import notice
from bot.coffee.ports import ChannelDirectory, UnknownChannels
from bot.coffee.rounds.sending import CoffeeSending
from bot.identity import PersonRef
from bot.scheduling import Primitive
from storage.db import Database

HEADS_UP_TASK = "coffee.heads_up"
ROUND_TASK = "coffee.round"
NO_PROGRAM = notice(
    "There are no coffee chats in this channel yet. An organizer can set them up with /coffee."
)
NOT_IN_ROUNDS = notice("You are not taking part in these coffee chats.")


class JobPlanner(Protocol):
    def schedule_once(
        self, job_id: str, task: str, run_at: datetime, args: Sequence[Primitive] = ()
    ) -> None: ...

    def cancel(self, job_id: str) -> bool: ...


@dataclass(frozen=True)
class ChannelKey:
    """A channel in one workspace of one platform."""

    platform: str
    workspace_id: str
    channel_id: str

    @classmethod
    def of(cls, person: PersonRef, channel_id: str) -> "ChannelKey":
        return cls(person.platform, person.workspace_id, channel_id)


def random_seed(program_id: int, number: int) -> int:
    return secrets.randbelow(2**31)


def repeatable_seed(seed: int) -> Callable[[int, int], int]:
    """The same program's same round always gets the same seed."""
    return lambda program_id, number: seed + program_id * 1000 + number


@dataclass
class RoundsContext:
    database: Database
    clock: Clock
    sending: CoffeeSending
    jobs: JobPlanner
    channels: ChannelDirectory = field(default_factory=UnknownChannels)
    seed_for: Callable[[int, int], int] = random_seed


def headsup_job_id(program_id: int) -> str:
    return f"coffee:{program_id}:headsup"


def round_job_id(program_id: int) -> str:
    return f"coffee:{program_id}:round"


def schedule(context: RoundsContext, program_id: int, round_at: datetime) -> None:
    """The heads-up a day before the round, and the round itself."""
    args = (program_id,)
    context.jobs.schedule_once(
        headsup_job_id(program_id), HEADS_UP_TASK, round_at - HEADS_UP_BEFORE, args
    )
    context.jobs.schedule_once(round_job_id(program_id), ROUND_TASK, round_at, args)


def unschedule(context: RoundsContext, program_id: int) -> None:
    context.jobs.cancel(headsup_job_id(program_id))
    context.jobs.cancel(round_job_id(program_id))

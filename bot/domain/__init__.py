"""Domain events: facts one feature records and others follow up on, through one table."""

from bot.domain.dispatch import (
    DISPATCH_TASK,
    SWEEP_JOB,
    SWEEP_TASK,
    DomainEvents,
    Handler,
    Handlers,
    record,
)
from bot.domain.events import (
    CoffeeGroupIntroduced,
    DomainEvent,
    Ended,
    FollowUpWished,
    Introduced,
    MeetingBooked,
    MeetingCancelled,
)

__all__ = [
    "DISPATCH_TASK",
    "SWEEP_JOB",
    "SWEEP_TASK",
    "CoffeeGroupIntroduced",
    "DomainEvent",
    "DomainEvents",
    "Ended",
    "FollowUpWished",
    "Handler",
    "Handlers",
    "Introduced",
    "MeetingBooked",
    "MeetingCancelled",
    "record",
]

"""Tables, one module per feature. Importing this package registers every table on the
metadata, so Alembic sees the whole schema."""

from storage.models.base import UTCDateTime, json_list, utcnow
from storage.models.checkins import Goal, Prompt
from storage.models.coffee import CoffeeGroup, CoffeeMembership, CoffeeProgram, CoffeeRound
from storage.models.conference import (
    EventAttendance,
    EventConference,
    EventLink,
    SlackConversation,
)
from storage.models.domain_events import DomainEvent, DomainEventStatus
from storage.models.events import (
    EventExpert,
    EventFollowUp,
    EventMentee,
    SpeedEvent,
)
from storage.models.feedback import Feedback
from storage.models.lasting import EvaluativeRole, MentoringAgreement, OutcomeSurvey
from storage.models.meetings import CalendarFeed, Meeting, MeetingAvailability
from storage.models.mentoring import (
    CohortDraft,
    MentoringRequest,
    Profile,
    Relationship,
    RequestStep,
)
from storage.models.people import Person, ProcessedEvent
from storage.models.teams import TeamsConversation

__all__ = [
    "CalendarFeed",
    "CoffeeGroup",
    "CoffeeMembership",
    "CoffeeProgram",
    "CoffeeRound",
    "CohortDraft",
    "DomainEvent",
    "DomainEventStatus",
    "EvaluativeRole",
    "EventAttendance",
    "EventConference",
    "EventExpert",
    "EventFollowUp",
    "EventLink",
    "EventMentee",
    "Feedback",
    "Goal",
    "Meeting",
    "MeetingAvailability",
    "MentoringAgreement",
    "MentoringRequest",
    "OutcomeSurvey",
    "Person",
    "ProcessedEvent",
    "Profile",
    "Prompt",
    "Relationship",
    "RequestStep",
    "SlackConversation",
    "SpeedEvent",
    "TeamsConversation",
    "UTCDateTime",
    "json_list",
    "utcnow",
]

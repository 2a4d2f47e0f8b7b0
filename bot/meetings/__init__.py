"""Finding a time that fits a clinician's week: availability, calendar feeds, proposed slots,
one-click booking with a calendar invite, reschedule and cancel."""

from bot.meetings.booking import MeetingProblem
from bot.meetings.context import MeetingsContext
from bot.meetings.model import Availability, MeetingStatus, QuietRules
from bot.meetings.report import BookingFigures, MeetingsSection
from bot.meetings.service import AvailabilityForm, AvailabilityProblems, Meetings

__all__ = [
    "Availability",
    "AvailabilityForm",
    "AvailabilityProblems",
    "BookingFigures",
    "MeetingProblem",
    "MeetingStatus",
    "Meetings",
    "MeetingsContext",
    "MeetingsSection",
    "QuietRules",
]

"""Check-ins on the persistent scheduler: "Did you meet?", goal check-ins, two-way feedback."""

from bot.checkins.goals import Goals
from bot.checkins.home import checkins_home_section
from bot.checkins.model import (
    DID_YOU_MEET_AFTER,
    ROUND_TASK,
    AnswerResult,
    FeedbackAnswers,
    FeedbackForm,
    Outcome,
    SubjectRules,
)
from bot.checkins.service import CheckIns

__all__ = [
    "DID_YOU_MEET_AFTER",
    "ROUND_TASK",
    "AnswerResult",
    "CheckIns",
    "FeedbackAnswers",
    "FeedbackForm",
    "Goals",
    "Outcome",
    "SubjectRules",
    "checkins_home_section",
]

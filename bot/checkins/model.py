"""What check-ins are made of: prompt kinds, the answers each takes, and what an answer did."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from bot.replies import Reply
from storage.checkins import CheckInStore, RepositoryOf

DID_YOU_MEET_AFTER = timedelta(days=4)
REMIND_AFTER = timedelta(days=3)
ROUND_TASK = "checkins.relationship_round"
RELATIONSHIP = "relationship"
GOAL = "goal"


class Kind(StrEnum):
    DID_YOU_MEET = "did_you_meet"
    GOAL_CHECKIN = "goal_checkin"
    CHECKIN = "checkin"
    HELP_ALERT = "help_alert"
    FEEDBACK = "feedback"
    FEEDBACK_GIVEN = "feedback_given"


COMPOSED_KINDS = (Kind.DID_YOU_MEET, Kind.GOAL_CHECKIN, Kind.CHECKIN, Kind.HELP_ALERT)

ANSWER_LABELS = {
    "yes": "yes, we met",
    "not_yet": "not yet",
    "wont": "it won't happen",
    "on_track": "on track",
    "need_help": "need help",
    "done": "done",
    "feedback": "share how it's going",
}
ANSWERS: dict[str, frozenset[str]] = {
    Kind.DID_YOU_MEET: frozenset({"yes", "not_yet", "wont", "feedback"}),
    Kind.GOAL_CHECKIN: frozenset({"on_track", "need_help", "done"}),
    Kind.CHECKIN: frozenset({"feedback"}),
}
OPENS_FEEDBACK = frozenset({"yes", "feedback"})


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY = "already"
    NOT_YOURS = "not_yours"
    GONE = "gone"


@dataclass(frozen=True)
class FeedbackForm:
    """The confidential form to show: its prompt id, and who the conversation was with."""

    prompt_id: int
    with_user_ids: tuple[str, ...]


@dataclass(frozen=True)
class AnswerResult:
    """What a press or a form submission changed, and what to show the presser.

    ``replace`` says whether ``message`` replaces the prompt's message (an answer was
    recorded) or is shown to the presser alone.
    """

    outcome: Outcome
    message: Reply | None
    replace: bool = False
    feedback_form: FeedbackForm | None = None


@dataclass(frozen=True)
class FeedbackAnswers:
    usefulness: int
    would_meet_again: bool
    comment: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.usefulness <= 5:
            raise ValueError("usefulness is from 1 to 5")


R = TypeVar("R")


@dataclass(frozen=True)
class SubjectRules(Generic[R]):
    """How another feature's subjects (a coffee group, an event table) answer two questions,
    asked of that feature's own repository on the prompt's transaction."""

    repository: RepositoryOf[R]
    is_active: Callable[[R, int], bool]
    member_ids: Callable[[R, int], Sequence[int]]

    def active_in(self, store: CheckInStore, subject_id: int) -> bool:
        return self.is_active(store.open(self.repository), subject_id)

    def members_in(self, store: CheckInStore, subject_id: int) -> Sequence[int]:
        return self.member_ids(store.open(self.repository), subject_id)


def relationship_job_id(relationship_id: int) -> str:
    return f"checkins:relationship:{relationship_id}"

"""Plain data for the /mentor journey: what a mentee asks, and what each person sees."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.identity import PersonRef
from bot.replies import Reply


class Format(StrEnum):
    ONE_OFF = "one_off"
    ONGOING = "ongoing"

    @property
    def label(self) -> str:
        return "a one-off 30-minute coffee chat" if self is Format.ONE_OFF else "ongoing mentoring"


class RequestStatus(StrEnum):
    CHOOSING = "choosing"
    WAITING = "waiting"
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    UNMATCHED = "unmatched"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    RequestStatus.CHOOSING: "waiting for you to choose a mentor",
    RequestStatus.WAITING: "waiting for the mentor's answer",
    RequestStatus.ACCEPTED: "accepted",
    RequestStatus.CANCELLED: "cancelled",
    RequestStatus.UNMATCHED: "with the program organizers",
}


class EndReason(StrEnum):
    GOAL_REACHED = "goal_reached"
    COLLEAGUES = "colleagues"
    NOT_A_FIT = "not_a_fit"
    NO_TIME = "no_time"

    @property
    def label(self) -> str:
        return {
            EndReason.GOAL_REACHED: "Goal reached",
            EndReason.COLLEAGUES: "We grew into colleagues",
            EndReason.NOT_A_FIT: "Not a fit",
            EndReason.NO_TIME: "No time right now",
        }[self]


class MentoringRole(StrEnum):
    """What a mentor is for, in a mentee's mentoring team."""

    CAREER = "career"
    RESEARCH = "research"
    CLINICAL_SKILLS = "clinical_skills"
    WELLBEING = "wellbeing"
    IDENTITY = "identity"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    MentoringRole.CAREER: "Career",
    MentoringRole.RESEARCH: "Research",
    MentoringRole.CLINICAL_SKILLS: "Clinical skills",
    MentoringRole.WELLBEING: "Wellbeing",
    MentoringRole.IDENTITY: "Identity and affinity",
    MentoringRole.OTHER: "Other",
}


GOAL_MIN_LENGTH = 10
GOAL_MAX_LENGTH = 3000


@dataclass(frozen=True)
class RequestInput:
    goal: str
    topics: tuple[str, ...] = ()
    specialty: str | None = None
    format: Format = Format.ONE_OFF
    by_date: date | None = None
    role: MentoringRole | None = None
    # Never reaches the mentee's evaluators, prefers mentors outside their department, and
    # reports count it without its words.
    sensitive: bool = False
    # Person ids not to suggest again (the mentor of a match that was not a fit).
    leave_out: tuple[int, ...] = ()


class NoticeKind(StrEnum):
    """What a message of the /mentor journey is, which decides whether it may wait."""

    ANSWER = "mentoring.answer"
    NUDGE = "mentoring.nudge"
    REMINDER = "mentoring.reminder"
    NEWS = "mentoring.news"
    ORGANIZER_ALERT = "mentoring.alert"
    INTRODUCTION = "mentoring.intro"
    # A nudge or reminder rewritten in place once its offer is closed.
    CLOSED_OFFER = "mentoring.closed"

    @property
    def answers_the_reader(self) -> bool:
        """Sent because of the reader's own click or command: it goes at once."""
        return self is NoticeKind.ANSWER


@dataclass(frozen=True)
class Notice:
    """A message for someone: news for others waits for their quiet hours to end."""

    to: PersonRef
    message: Reply
    kind: NoticeKind = NoticeKind.NEWS
    # A stable key lets a later step find this message again (to rewrite it in place).
    key: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the person who acted sees, and who else is told what."""

    shown: Reply
    notices: tuple[Notice, ...] = ()
    changed: bool = True
    waiting_offer: tuple[int, int] | None = None


class RequestProblems(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(problems)
        self.problems = problems

"""The program report as plain data: figures, and the rows they were computed from."""

from dataclasses import dataclass
from datetime import datetime

MIN_CONTRIBUTORS = 3


@dataclass(frozen=True)
class PeopleRow:
    """Enrolled and active mentees and mentors in one group (a career stage, a specialty)."""

    group: str
    mentees: int
    active_mentees: int
    mentors: int
    active_mentors: int


@dataclass(frozen=True)
class Participation:
    everyone: PeopleRow
    by_career_stage: tuple[PeopleRow, ...]
    by_specialty: tuple[PeopleRow, ...]


@dataclass(frozen=True)
class RequestFigures:
    created: int
    matched: int
    unmatched: int
    cancelled: int
    still_open: int
    median_days_to_match: float | None
    mean_days_to_match: float | None
    offers_answered: int
    offers_accepted: int
    median_hours_to_respond: float | None

    @property
    def acceptance_rate(self) -> float | None:
        return ratio(self.offers_accepted, self.offers_answered)


@dataclass(frozen=True)
class MeetingFigures:
    asked: int
    answered: int
    yes: int
    not_yet: int
    wont: int

    @property
    def yes_rate(self) -> float | None:
        return ratio(self.yes, self.answered)


@dataclass(frozen=True)
class FeedbackGroup:
    """Feedback of one kind (subject and the author's role); its mean only from 3 people up."""

    subject_type: str
    role: str
    responses: int
    contributors: int
    mean_usefulness: float | None
    would_meet_again: int
    would_meet_again_answered: int


@dataclass(frozen=True)
class FeedbackFigures:
    responses: int
    contributors: int
    mean_usefulness: float | None
    usefulness_counts: tuple[int, int, int, int, int]
    would_meet_again: int
    would_meet_again_answered: int
    groups: tuple[FeedbackGroup, ...]

    @property
    def would_meet_again_rate(self) -> float | None:
        return ratio(self.would_meet_again, self.would_meet_again_answered)


@dataclass(frozen=True)
class GoalFigures:
    set_in_period: int
    done_in_period: int
    open_at_end: int
    on_track: int
    need_help: int
    reported_done: int


@dataclass(frozen=True)
class MentorLoadRow:
    person_id: int
    name: str
    capacity: int
    active: int
    mentees_in_period: int
    offers_in_period: int

    @property
    def state(self) -> str:
        if self.capacity and self.active > self.capacity:
            return "over capacity"
        if self.capacity and self.active >= self.capacity:
            return "full"
        if self.mentees_in_period == 0 and self.offers_in_period == 0:
            return "unused"
        return "has room"


@dataclass(frozen=True)
class StuckRow:
    request_id: int
    mentee: str
    created_at: datetime
    waiting_days: float
    why: str


@dataclass(frozen=True)
class RequestRow:
    """One mentoring request created in the period, without its free text."""

    request_id: int
    created_at: datetime
    mentee_career_stage: str
    mentee_specialty: str
    outcome: str
    offers: int
    declines: int
    days_to_match: float | None


@dataclass(frozen=True)
class MonthRow:
    month: str
    requests: int
    matches: int
    meetings: int
    feedback: int
    mean_usefulness: float | None
    goals_done: int


@dataclass(frozen=True)
class SectionResult:
    """What a registered program section (coffee rounds, events) reports for the period."""

    title: str
    figures: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProgramReport:
    since: datetime
    until: datetime
    participation: Participation
    requests: RequestFigures
    meetings: MeetingFigures
    feedback: FeedbackFigures
    goals: GoalFigures
    mentor_load: tuple[MentorLoadRow, ...]
    stuck: tuple[StuckRow, ...]
    sections: tuple[SectionResult, ...]
    months: tuple[MonthRow, ...]
    request_rows: tuple[RequestRow, ...]
    stuck_after_days: float

    @property
    def full_mentors(self) -> tuple[MentorLoadRow, ...]:
        return tuple(row for row in self.mentor_load if row.state in ("full", "over capacity"))

    @property
    def unused_mentors(self) -> tuple[MentorLoadRow, ...]:
        return tuple(row for row in self.mentor_load if row.state == "unused")

    @property
    def is_empty(self) -> bool:
        return (
            self.requests.created == 0
            and self.meetings.answered == 0
            and self.feedback.responses == 0
            and self.goals.set_in_period == 0
            and not any(row.mentees_in_period for row in self.mentor_load)
        )

    @property
    def definitions(self) -> tuple[str, ...]:
        return (
            "Period: from the start date up to, not including, the end date (UTC).",
            "Active: a mentee who asked or was in a mentoring relationship in the period; a "
            "mentor who was in a relationship or answered an offer in the period.",
            "Time to match: from a request being created to a mentor accepting it, for "
            "requests created in the period.",
            "Acceptance rate: offers accepted ÷ offers answered (accepted, declined or "
            "suggested a colleague) in the period; offers passed on unanswered are not counted.",
            "Mentor response time: from an offer to that mentor's accept, decline or "
            "suggestion (median).",
            "Meetings held: “Did you meet?” check-ins answered yes; yes-rate = yes ÷ answered.",
            f"Stuck: open at the end of the period and waiting longer than "
            f"{self.stuck_after_days:g} days (the pass-on time), or found no mentor in the "
            "period.",
            "Mentor load: active relationships at the end of the period against the capacity "
            "in the mentor's profile. Full: at or over capacity. Unused: no mentee and no offer "
            "in the period.",
            f"Feedback: averages are shown only for groups of at least {MIN_CONTRIBUTORS} "
            "people; comments are never shown.",
        )


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None

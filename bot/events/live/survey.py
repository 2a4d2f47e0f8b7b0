"""Two weeks after a conference-mode event: was it useful, and did you follow up?

Answers are confidential like all feedback: the event report shows only totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.events.live import timing
from bot.events.live.context import EventProblem, require
from bot.events.live.dispatch import Job
from bot.events.live.rows import Loaded
from bot.replies import Choice, Choices, Header, Reply, note, paragraph, reply
from storage.models import Feedback

SURVEY_TASK = "speedmentor.survey"
SURVEY_ACTION = "speedmentor.survey"
SURVEY_AFTER = timedelta(days=14)
USEFUL = {"yes": 5, "somewhat": 3, "no": 1}
FOLLOWED_UP = {"yes": True, "not-yet": False}


@dataclass(frozen=True)
class SurveyFigures:
    answered: int
    useful: int
    rated: int
    followed_up: int
    told_follow_up: int


def survey_job(loaded: Loaded) -> list[Job]:
    """The survey's job, two weeks after the last round ended, for conference-mode events."""
    event = loaded.event
    event_id = require(event.id)
    if event.round_started_at is None:
        return []
    ended = timing.round_end_at(event)
    return [Job(f"event:{event_id}:survey", SURVEY_TASK, ended + SURVEY_AFTER, event_id, 0)]


def survey_message(event: str, event_id: int) -> Reply:
    def choice(question: str, answer: str, label: str) -> Choice:
        return Choice(f"{SURVEY_ACTION}.{question}.{answer}", label, str(event_id))

    return reply(
        Header(f"Two weeks since {event}"),
        paragraph("Was it useful to you?"),
        Choices(
            (
                choice("useful", "yes", "Yes"),
                choice("useful", "somewhat", "Somewhat"),
                choice("useful", "no", "Not really"),
            )
        ),
        paragraph("Have you followed up with anyone you met there?"),
        Choices((choice("followed", "yes", "Yes"), choice("followed", "not-yet", "Not yet"))),
        note("Confidential: organizers see only totals."),
        summary=f"Two weeks since {event}: two quick questions",
    )


def parsed_answer(question: str, answer: str) -> tuple[int | None, bool | None]:
    """(usefulness, followed up) from a button's question and answer."""
    if question == "useful" and answer in USEFUL:
        return USEFUL[answer], None
    if question == "followed" and answer in FOLLOWED_UP:
        return None, FOLLOWED_UP[answer]
    raise EventProblem("That answer is not one of the survey's.")


def survey_figures(answers: list[Feedback]) -> SurveyFigures:
    rated = [a.usefulness for a in answers if a.usefulness is not None]
    told = [a.would_meet_again for a in answers if a.would_meet_again is not None]
    return SurveyFigures(
        answered=len(answers),
        useful=sum(1 for value in rated if value >= USEFUL["somewhat"]),
        rated=len(rated),
        followed_up=sum(1 for value in told if value),
        told_follow_up=len(told),
    )


def survey_fields(answers: list[Feedback]) -> tuple[tuple[str, str], ...]:
    """The report's lines for the two-week survey (none before anyone answered)."""
    if not answers:
        return ()
    figures = survey_figures(answers)
    return (
        ("Two weeks on", f"{figures.answered} answered"),
        ("Found it useful", f"{figures.useful} of {figures.rated}"),
        ("Followed up since", f"{figures.followed_up} of {figures.told_follow_up}"),
    )

"""Times to meet in Teams: the same proposals as a card, picked, proposed, moved or cancelled."""

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.bootstrap import Services
from bot.identity import PersonRef
from bot.meetings import MeetingProblem
from bot.meetings.messages import (
    CANCEL_ACTION,
    NONE_ACTION,
    PICK_ACTION,
    PROPOSE_ACTION,
    RESCHEDULE_ACTION,
    problem,
)
from bot.replies import Reply
from handlers.teams.actions import Actions, Answer, Press
from handlers.teams.addresses import Addresses

# Offers carry at most this many pick buttons (three, plus a proposed time).
MAX_PICKS = 6


def _answered(work: Callable[[], Reply]) -> Answer:
    try:
        return Answer(replace=work())
    except MeetingProblem as refused:
        return Answer(message=problem(str(refused)))


def proposed_start(press: Press, zone: str) -> datetime:
    day, at = date.fromisoformat(press.field("day")), time.fromisoformat(press.field("at"))
    return datetime.combine(day, at, ZoneInfo(zone)).astimezone(UTC)


def register(actions: Actions, services: Services, addresses: Addresses) -> None:
    meetings = services.meetings

    def zone(person: PersonRef) -> str:
        member = services.people.find(person)
        return (member.timezone if member else None) or services.settings.DEFAULT_TIMEZONE

    def on_pick(index: int) -> None:
        @actions.on(f"{PICK_ACTION}{index}")
        def picked(press: Press) -> Answer:
            return _answered(lambda: meetings.pick(press.person, press.value))

    for index in range(MAX_PICKS):
        on_pick(index)

    @actions.on(NONE_ACTION)
    def none_of_these(press: Press) -> Answer:
        return _answered(lambda: meetings.none_of_these(press.person, press.value))

    @actions.on(PROPOSE_ACTION)
    def propose(press: Press) -> Answer:
        start = proposed_start(press, zone(press.person))
        return _answered(lambda: meetings.propose(press.person, int(press.value), start))

    @actions.on(RESCHEDULE_ACTION)
    def reschedule(press: Press) -> Answer:
        return _answered(lambda: meetings.reschedule(press.person, int(press.value)))

    @actions.on(CANCEL_ACTION)
    def cancel(press: Press) -> Answer:
        return _answered(lambda: meetings.cancel(press.person, int(press.value)))

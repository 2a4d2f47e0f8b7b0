"""The program report's figures on mentoring requests: outcomes, answers, and who waits."""

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from statistics import mean, median

from bot.reports.model import RequestFigures, RequestRow, StuckRow
from bot.reports.snapshot import Period, Snapshot
from storage.models import MentoringRequest, RequestStep

ANSWERS = frozenset({"accepted", "declined", "suggested"})
CLOSING = frozenset({"accepted", "declined", "suggested", "passed_on", "full", "cancelled"})
SECONDS_PER_DAY = 86400.0


def _steps_before(snapshot: Snapshot, request_id: int, until: datetime) -> list[RequestStep]:
    return [s for s in snapshot.steps.get(request_id, []) if s.at < until]


def _outcome(request: MentoringRequest, steps: Sequence[RequestStep]) -> str:
    kinds = {step.kind for step in steps}
    if not steps and request.status in ("cancelled", "unmatched"):
        kinds.add(request.status)
    if "accepted" in kinds:
        return "matched"
    if "cancelled" in kinds:
        return "cancelled"
    if "unmatched" in kinds:
        return "unmatched"
    return "open"


def _first(steps: Sequence[RequestStep], kind: str) -> RequestStep | None:
    return next((step for step in steps if step.kind == kind), None)


def _days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / SECONDS_PER_DAY


def request_rows(snapshot: Snapshot, period: Period) -> tuple[RequestRow, ...]:
    """One row per request made in the period, oldest first, as the CSV lists them."""
    rows = []
    for request in sorted(snapshot.requests, key=lambda r: (r.created_at, r.id or 0)):
        # Sensitive requests are only counted, in the mentoring-that-lasts section.
        if not period.holds(request.created_at) or request.id is None or request.sensitive:
            continue
        steps = _steps_before(snapshot, request.id, period.until)
        accepted = _first(steps, "accepted")
        profile = snapshot.profiles.get(request.mentee_id)
        rows.append(
            RequestRow(
                request_id=request.id,
                created_at=request.created_at,
                mentee_career_stage=(profile.career_stage if profile else None) or "",
                mentee_specialty=(profile.specialty if profile else None) or "",
                outcome=_outcome(request, steps),
                offers=sum(step.kind == "offered" for step in steps),
                declines=sum(step.kind == "declined" for step in steps),
                days_to_match=_days(request.created_at, accepted.at) if accepted else None,
            )
        )
    return tuple(rows)


def _response_hours(snapshot: Snapshot, period: Period) -> list[float]:
    hours = []
    for steps in snapshot.steps.values():
        offered_at: dict[int, datetime] = {}
        for step in steps:
            if step.mentor_id is None:
                continue
            if step.kind == "offered":
                offered_at[step.mentor_id] = step.at
            elif step.kind in ANSWERS and period.holds(step.at) and step.mentor_id in offered_at:
                hours.append((step.at - offered_at.pop(step.mentor_id)).total_seconds() / 3600)
    return hours


def request_figures(
    snapshot: Snapshot, period: Period, rows: Sequence[RequestRow]
) -> RequestFigures:
    """Outcomes of the period's requests, and how mentors answered offers made to them."""
    outcomes = Counter(row.outcome for row in rows)
    to_match = [row.days_to_match for row in rows if row.days_to_match is not None]
    answers = Counter(
        step.kind
        for steps in snapshot.steps.values()
        for step in steps
        if step.kind in ANSWERS and period.holds(step.at)
    )
    response_hours = _response_hours(snapshot, period)
    return RequestFigures(
        created=len(rows),
        matched=outcomes["matched"],
        unmatched=outcomes["unmatched"],
        cancelled=outcomes["cancelled"],
        still_open=outcomes["open"],
        median_days_to_match=median(to_match) if to_match else None,
        mean_days_to_match=mean(to_match) if to_match else None,
        offers_answered=sum(answers.values()),
        offers_accepted=answers["accepted"],
        median_hours_to_respond=median(response_hours) if response_hours else None,
    )


def _pending_offer(steps: Sequence[RequestStep]) -> RequestStep | None:
    """The offer still waiting for its mentor, if the latest move was an offer."""
    pending: RequestStep | None = None
    for step in steps:
        if step.kind == "offered":
            pending = step
        elif step.kind in CLOSING:
            pending = None
    return pending


def stuck_requests(
    snapshot: Snapshot, period: Period, stuck_after: timedelta
) -> tuple[StuckRow, ...]:
    """Requests waiting longest at the period's end for a mentor, or that found none."""
    rows = []
    for request in snapshot.requests:
        if request.id is None or request.created_at >= period.until or request.sensitive:
            continue
        steps = _steps_before(snapshot, request.id, period.until)
        outcome = _outcome(request, steps)
        mentee = _name(snapshot, request.mentee_id)
        waiting = _days(request.created_at, period.until)
        if outcome == "unmatched":
            unmatched = _first(steps, "unmatched")
            if unmatched is not None and period.holds(unmatched.at):
                rows.append(
                    StuckRow(request.id, mentee, request.created_at, waiting, "found no mentor")
                )
            continue
        if outcome != "open":
            continue
        offer = _pending_offer(steps)
        if offer is not None and period.until - offer.at > stuck_after:
            mentor = _name(snapshot, offer.mentor_id)
            why = f"waiting {_days(offer.at, period.until):.0f} days for {mentor} to answer"
            rows.append(StuckRow(request.id, mentee, request.created_at, waiting, why))
        elif offer is None and period.until - request.created_at > stuck_after:
            rows.append(
                StuckRow(request.id, mentee, request.created_at, waiting, "no mentor offered")
            )
    return tuple(sorted(rows, key=lambda row: -row.waiting_days))


def _name(snapshot: Snapshot, person_id: int | None) -> str:
    person = snapshot.people.get(person_id or 0)
    if person is None or not person.display_name:
        return "someone"
    return person.display_name

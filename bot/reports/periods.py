"""Calendar arithmetic for reports: months, in UTC."""

from datetime import UTC, date, datetime, time, timedelta


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def month_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later (or earlier), the day clamped to the month's end."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_index = index + 1
    next_year, next_month = divmod(next_index, 12)
    last_day = (date(next_year, next_month + 1, 1) - date(year, month, 1)).days
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def month_label(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def months_between(since: datetime, until: datetime) -> list[datetime]:
    """The first instant of each calendar month that overlaps [since, until)."""
    months: list[datetime] = []
    current = month_start(since)
    while current < until:
        months.append(current)
        current = add_months(current, 1)
    return months


DEFAULT_REPORT_DAYS = 90


def parse_period(text: str, now: datetime) -> tuple[datetime, datetime]:
    """`[since [until]]` as ISO dates, both days included; by default the last 90 days.

    Raises ValueError with a sentence for the person who typed it."""
    words = text.split()
    tomorrow = start_of_day(now.astimezone(UTC).date()) + timedelta(days=1)
    if len(words) > 2:
        raise ValueError("Give at most two dates: a start and an end, like 2026-01-01 2026-03-31.")
    try:
        days = [date.fromisoformat(word) for word in words]
    except ValueError:
        raise ValueError("Dates are written year-month-day, like 2026-01-01.") from None
    since = start_of_day(days[0]) if days else tomorrow - timedelta(days=DEFAULT_REPORT_DAYS)
    until = start_of_day(days[1]) + timedelta(days=1) if len(days) == 2 else tomorrow
    if until <= since:
        raise ValueError("The start date must come before the end date.")
    return since, until

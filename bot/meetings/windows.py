"""Weekly windows to and from the words people type: "Tue/Thu 16:00-18:00, Mon 7-8"."""

import re
from datetime import time

from bot.meetings.model import WEEKDAYS, Window

# Weekdays (a list or a range) then a time range; ``after 16:00`` means until 19:00.
_PART = re.compile(
    r"^(?P<days>[a-z]{3}(?:\s*[/,-]\s*[a-z]{3})*)\s+"
    r"(?:(?P<after>after)\s+(?P<from_only>\d{1,2}(?::\d{2})?)"
    r"|(?P<start>\d{1,2}(?::\d{2})?)\s*-\s*(?P<end>\d{1,2}(?::\d{2})?))$"
)
AFTER_UNTIL = time(19, 0)


class WindowProblem(ValueError):
    pass


def _clock(text: str) -> time:
    hours, _, minutes = text.partition(":")
    try:
        return time(int(hours), int(minutes or 0))
    except ValueError:
        raise WindowProblem(f"{text!r} is not a time of day") from None


def _days(text: str) -> list[int]:
    days: list[int] = []
    for chunk in re.split(r"\s*[/,]\s*", text):
        first, _, last = chunk.partition("-")
        names = [first.strip(), (last or first).strip()]
        if any(name not in WEEKDAYS for name in names):
            raise WindowProblem(f"{chunk!r} is not a day such as Mon or Tue-Thu")
        start, end = (WEEKDAYS.index(name) for name in names)
        days.extend(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    return days


def parse_windows(text: str) -> tuple[Window, ...]:
    """Windows from text such as "Tue/Thu after 16:00; Mon-Fri 7:00-8:00"."""
    windows: set[Window] = set()
    for raw in re.split(r"[;\n]+", text.lower()):
        part = raw.strip().replace("–", "-")
        if not part:
            continue
        found = _PART.match(part)
        if found is None:
            raise WindowProblem(f"Try a day and times, like “Tue/Thu 16:00-18:00”, not {raw!r}")
        if found["after"]:
            start, end = _clock(found["from_only"]), AFTER_UNTIL
        else:
            start, end = _clock(found["start"]), _clock(found["end"])
        if end <= start:
            raise WindowProblem(f"In {raw.strip()!r} the end comes before the start")
        windows.update(Window(day, start, end) for day in _days(found["days"]))
    return tuple(sorted(windows))


def _days_text(days: list[int]) -> str:
    """ "Mon-Fri" for three days or more in a row, else "Tue/Thu"."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return "/".join(
        f"{WEEKDAYS[run[0]].title()}-{WEEKDAYS[run[-1]].title()}"
        if len(run) >= 3
        else "/".join(WEEKDAYS[day].title() for day in run)
        for run in runs
    )


def windows_text(windows: tuple[Window, ...]) -> str:
    """The windows written back the way :func:`parse_windows` reads them."""
    by_times: dict[tuple[str, str], list[int]] = {}
    for window in sorted(windows):
        key = (f"{window.start:%H:%M}", f"{window.end:%H:%M}")
        by_times.setdefault(key, []).append(window.weekday)
    return "; ".join(f"{_days_text(days)} {start}-{end}" for (start, end), days in by_times.items())

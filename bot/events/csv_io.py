"""Read experts and mentees from CSV files, reporting every bad row with its line.

experts.csv: expert_id, name, topic, table, and optionally absent_rounds ("2;3").
mentees.csv: mentee_id, name, and optionally ranked_topics (best first, "cardiology;ICU").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.events.model import Expert, Mentee
from bot.events.scoring import topic_key

EXPERT_COLUMNS = ("expert_id", "name", "topic", "table")
MENTEE_COLUMNS = ("mentee_id", "name")
LIST_SEPARATOR = ";"

Item = TypeVar("Item")


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped: its line in the file (header is line 1) and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Parsed(Generic[Item]):
    items: tuple[Item, ...]
    problems: tuple[RowProblem, ...]


class _BadRow(ValueError):
    pass


def parse_experts(text: str) -> Parsed[Expert]:
    """Experts from CSV text; bad rows are left out and listed in problems."""
    return _parse(text, EXPERT_COLUMNS, "expert_id", _expert_from)


def parse_mentees(text: str) -> Parsed[Mentee]:
    """Mentees from CSV text; bad rows are left out and listed in problems."""
    return _parse(text, MENTEE_COLUMNS, "mentee_id", _mentee_from)


def _parse(
    text: str,
    required: tuple[str, ...],
    id_column: str,
    build: Callable[[dict[str, str]], Item],
) -> Parsed[Item]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in required if column not in header]
    if missing:
        return Parsed((), (RowProblem(1, f"missing column(s): {', '.join(missing)}"),))
    reader.fieldnames = header
    items: list[Item] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(reader):
        try:
            cells = {key: (value or "").strip() for key, value in row.items() if key}
            if None in row:
                raise _BadRow(f"more cells than columns ({len(header)})")
            for column in required:
                if not cells.get(column):
                    raise _BadRow(f"{column} is empty")
            identifier = cells[id_column]
            if identifier in first_line:
                raise _BadRow(
                    f"{id_column} {identifier!r} already used on line {first_line[identifier]}"
                )
            items.append(build(cells))
            first_line[identifier] = line
        except _BadRow as problem:
            problems.append(RowProblem(line, str(problem)))
    return Parsed(tuple(items), tuple(problems))


def _rows(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with the line they start on (quoted cells may span lines); blank rows skipped."""
    for row in reader:
        values = [value for key, value in row.items() if key and isinstance(value, str)]
        if not any(value.strip() for value in values):
            continue
        yield reader.line_num - sum(value.count("\n") for value in values), row


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(LIST_SEPARATOR) if part.strip()]


def _expert_from(cells: dict[str, str]) -> Expert:
    absent: set[int] = set()
    for part in _split(cells.get("absent_rounds", "")):
        if not part.isdigit() or int(part) < 1:
            raise _BadRow(f"absent_rounds must list round numbers from 1, got {part!r}")
        absent.add(int(part))
    return Expert(
        expert_id=cells["expert_id"],
        name=cells["name"],
        topic=cells["topic"],
        table=cells["table"],
        absent_rounds=frozenset(absent),
    )


def _mentee_from(cells: dict[str, str]) -> Mentee:
    topics = _split(cells.get("ranked_topics", ""))
    seen: set[str] = set()
    for topic in topics:
        if topic_key(topic) in seen:
            raise _BadRow(f"topic {topic!r} is ranked twice")
        seen.add(topic_key(topic))
    return Mentee(mentee_id=cells["mentee_id"], name=cells["name"], ranked_topics=tuple(topics))

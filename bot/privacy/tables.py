"""Which tables hold something about a person, found from the schema itself.

Tables that features add later (coffee rounds, events) are covered as soon as they declare a
foreign key to person.id, without this module knowing them by name.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, String, Table, Text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (every table must be in the metadata before walking it)

PERSON_TABLE = "person"
#: Columns this long or longer (or unbounded) hold what people typed, not codes.
FREE_TEXT_LENGTH = 200
#: Tables whose rows about a person the export and forget-me treat one by one.
KNOWN_TABLES = frozenset(
    {
        "person",
        "profile",
        "mentoring_request",
        "request_step",
        "relationship",
        "goal",
        "prompt",
        "feedback",
    }
)


@dataclass(frozen=True)
class PersonLink:
    table: Table
    column: Column[Any]


def person_links() -> Iterator[PersonLink]:
    """Every (table, column) that refers to person.id, in dependency order."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(
                fk.column.table.name == PERSON_TABLE and fk.column.name == "id"
                for fk in column.foreign_keys
            ):
                yield PersonLink(table, column)


def other_links() -> list[PersonLink]:
    return [link for link in person_links() if link.table.name not in KNOWN_TABLES]


def free_text_columns(table: Table) -> list[Column[Any]]:
    """Columns that hold typed text: unbounded, or long enough for a sentence."""
    columns = []
    for column in table.columns:
        if column.primary_key or column.foreign_keys or isinstance(column.type, JSON):
            continue
        if isinstance(column.type, Text) or (
            isinstance(column.type, String)
            and (column.type.length is None or column.type.length >= FREE_TEXT_LENGTH)
        ):
            columns.append(column)
    return columns


def plain(value: object) -> object:
    """A value as JSON holds it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def row_dict(
    row: SQLModel | Mapping[Any, Any], leave_out: frozenset[str] = frozenset()
) -> dict[str, object]:
    """A table row (SQLModel object or Core mapping) as plain JSON values."""
    mapping = row.model_dump() if isinstance(row, SQLModel) else dict(row)
    return {key: plain(value) for key, value in mapping.items() if key not in leave_out}

"""Rows as the JSON a person receives in their copy of their data."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel


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
    row: BaseModel | Mapping[str, Any], leave_out: frozenset[str] = frozenset()
) -> dict[str, object]:
    """A table row (model object or column mapping) as plain JSON values."""
    mapping = row.model_dump() if isinstance(row, BaseModel) else dict(row)
    return {key: plain(value) for key, value in mapping.items() if key not in leave_out}

"""Block Kit input elements and reading their values back from a view submission."""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from handlers.slack.render import shorten

Block = dict[str, Any]
OPTION_TEXT = 75
MAX_OPTIONS = 100


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(shorten(label, OPTION_TEXT)), "value": value}


def input_block(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label),
        "element": {"action_id": block_id, **element},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint)
    return block


def static_select(
    choices: Sequence[tuple[str, str]], selected: str | None, placeholder: str
) -> Block:
    element: Block = {
        "type": "static_select",
        "placeholder": plain(placeholder),
        "options": [option(v, label) for v, label in choices[:MAX_OPTIONS]],
    }
    chosen = [option(v, label) for v, label in choices if v == selected]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def multi_select(
    choices: Sequence[tuple[str, str]], selected: Iterable[str], placeholder: str
) -> Block:
    wanted = set(selected)
    element: Block = {
        "type": "multi_static_select",
        "placeholder": plain(placeholder),
        "options": [option(v, label) for v, label in choices[:MAX_OPTIONS]],
    }
    chosen = [option(v, label) for v, label in choices if v in wanted]
    if chosen:
        element["initial_options"] = chosen
    return element


def checkboxes(choices: Sequence[tuple[str, str]], selected: Iterable[str]) -> Block:
    wanted = set(selected)
    element: Block = {"type": "checkboxes", "options": [option(v, label) for v, label in choices]}
    chosen = [option(v, label) for v, label in choices if v in wanted]
    if chosen:
        element["initial_options"] = chosen
    return element


def radio(choices: Sequence[tuple[str, str]], selected: str | None) -> Block:
    element: Block = {
        "type": "radio_buttons",
        "options": [option(v, label) for v, label in choices],
    }
    chosen = [option(v, label) for v, label in choices if v == selected]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def text_input(
    initial: str | None = None, *, multiline: bool = False, max_length: int = 3000
) -> Block:
    element: Block = {"type": "plain_text_input", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial[:max_length]
    return element


def number_input(initial: int | None, minimum: int, maximum: int) -> Block:
    element: Block = {
        "type": "number_input",
        "is_decimal_allowed": False,
        "min_value": str(minimum),
        "max_value": str(maximum),
    }
    if initial is not None:
        element["initial_value"] = str(initial)
    return element


def date_picker(initial: date | None) -> Block:
    element: Block = {"type": "datepicker"}
    if initial:
        element["initial_date"] = initial.isoformat()
    return element


def users_select(initial: Sequence[str], *, multi: bool = True) -> Block:
    if multi:
        element: Block = {"type": "multi_users_select", "placeholder": plain("Choose people")}
        if initial:
            element["initial_users"] = list(initial)
        return element
    element = {"type": "users_select", "placeholder": plain("Choose someone")}
    if initial:
        element["initial_user"] = initial[0]
    return element


def modal(
    callback_id: str, title: str, blocks: list[Block], submit: str, metadata: str = ""
) -> Block:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(shorten(title, 24)),
        "submit": plain(shorten(submit, 24)),
        "close": plain("Cancel"),
        "private_metadata": metadata,
        "blocks": blocks,
    }


class Submission:
    """The values of a submitted view, read by block id (each element's action id matches)."""

    def __init__(self, view: dict[str, Any]) -> None:
        self.values: dict[str, dict[str, Any]] = view.get("state", {}).get("values", {})
        self.metadata = str(view.get("private_metadata") or "")

    def _element(self, block_id: str) -> dict[str, Any]:
        element: dict[str, Any] = self.values.get(block_id, {}).get(block_id, {})
        return element

    def text(self, block_id: str) -> str:
        return str(self._element(block_id).get("value") or "").strip()

    def number(self, block_id: str) -> int | None:
        value = self._element(block_id).get("value")
        try:
            return int(str(value)) if value not in (None, "") else None
        except ValueError:
            return None

    def choice(self, block_id: str) -> str | None:
        selected = self._element(block_id).get("selected_option")
        return str(selected["value"]) if selected else None

    def choices(self, block_id: str) -> list[str]:
        return [str(o["value"]) for o in self._element(block_id).get("selected_options") or []]

    def day(self, block_id: str) -> date | None:
        value = self._element(block_id).get("selected_date")
        return date.fromisoformat(value) if value else None

    def users(self, block_id: str) -> list[str]:
        element = self._element(block_id)
        if "selected_users" in element:
            return [str(u) for u in element["selected_users"] or []]
        return [str(element["selected_user"])] if element.get("selected_user") else []

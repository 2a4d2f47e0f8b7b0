"""Adaptive Cards drawn as the plain text a person would read, for the demo and for tests."""

from typing import Any


def _inline_text(block: dict[str, Any]) -> str:
    if block.get("type") == "RichTextBlock":
        return "".join(str(run.get("text", "")) for run in block.get("inlines", []))
    return str(block.get("text", ""))


def _action_label(action: dict[str, Any]) -> str:
    return f"[{action.get('title', '')}]"


def element_lines(elements: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for element in elements:
        kind = element.get("type", "")
        if kind in ("RichTextBlock", "TextBlock"):
            lines.append(_inline_text(element))
        elif kind == "Container":
            lines.append(" ".join(element_lines(element.get("items", []))))
        elif kind == "ActionSet":
            lines.append(" ".join(_action_label(a) for a in element.get("actions", [])))
        elif kind.startswith("Input."):
            lines.append(f"{element.get('label', element.get('id', ''))}: ____")
        elif kind == "FactSet":
            lines.extend(f"{f['title']} {f['value']}" for f in element.get("facts", []))
    return lines


def card_text(card: dict[str, Any]) -> str:
    lines = element_lines(card.get("body", []))
    if card.get("actions"):
        lines.append(" ".join(_action_label(a) for a in card["actions"]))
    return "\n".join(lines)

"""Block Kit drawn as the plain text a person would read, for the demo and for tests."""

import html
import re
from typing import Any

from devtools.slack.fake_api import Call

INVISIBLE = re.compile("[\u200b\u200d]")
LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
MENTION = re.compile(r"<@([A-Z0-9]+)>")
# Slack draws a date on the reader's clock; the fallback is the same moment in a named zone.
DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
# Bold marks the app added; a user's own asterisks carry a zero-width joiner and stay.
BOLD = re.compile("\\*(?!\u200d)((?:[^*\n]|\\*\u200d)+?)\\*(?!\u200d)")


def readable(text: str, names: dict[str, str] | None = None) -> str:
    """What Slack would show for mrkdwn: links and mentions drawn, entities decoded."""
    names = names or {}
    text = LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = DATE.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    text = MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
    return INVISIBLE.sub("", html.unescape(text))


def _element_text(element: dict[str, Any]) -> str:
    text = element.get("text")
    if isinstance(text, dict):
        return str(text.get("text", ""))
    return str(text or "")


def blocks_text(blocks: list[dict[str, Any]], names: dict[str, str] | None = None) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = _element_text(block)
            lines += [title, "─" * min(len(title), 60)]
        elif kind == "section":
            if "text" in block:
                lines.append(_element_text(block))
            for field in block.get("fields", []):
                lines.append(str(field.get("text", "")).replace("\n", " "))
            if "accessory" in block:
                lines.append(f"[{_element_text(block['accessory'])}]")
        elif kind == "context":
            lines.append("  " + " ".join(_element_text(e) for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("")
        elif kind == "actions":
            lines.append(
                " ".join(f"[{_element_text(e) or e.get('type')}]" for e in block["elements"])
            )
        elif kind == "input":
            lines.append(f"{_element_text({'text': block.get('label')})}: ____")
    return readable("\n".join(lines), names)


def call_text(call: Call, names: dict[str, str] | None = None) -> str:
    if "view" in call.args:
        return blocks_text(call.args["view"].get("blocks", []), names)
    if "blocks" in call.args:
        return blocks_text(call.args["blocks"], names)
    return readable(str(call.args.get("text", "")), names)

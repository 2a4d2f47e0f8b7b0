"""Platform-neutral replies drawn as Block Kit, within Block Kit's limits."""

from typing import Any

from bot.replies import (
    Choices,
    Command,
    Divider,
    Fields,
    Header,
    Link,
    Mention,
    Note,
    Paragraph,
    Plain,
    Reply,
    Span,
    Strong,
    Time,
    time_text,
)
from handlers.slack.mrkdwn import escape, escape_controls

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
FIELDS_PER_SECTION = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ELEMENTS_PER_ACTIONS = 25

Block = dict[str, Any]

# Slack's date tokens (https://docs.slack.dev/messaging/formatting-message-text#date-formatting);
# each reader sees the moment on their own clock, in their own format.
DATE_TOKENS = {
    "time": "{time}",
    "date": "{date_long_pretty}",
    "date_time": "{date_long_pretty} at {time}",
}


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bold_line(line: str) -> str:
    core = line.strip()
    if not core:
        return escape(line)
    start = line.index(core)
    return f"{escape(line[:start])}*{escape(core)}*{escape(line[start + len(core) :])}"


def _span_mrkdwn(span: Span) -> str:
    match span:
        case Plain(text):
            return escape(text)
        case Strong(text):
            return "\n".join(_bold_line(line) for line in text.split("\n"))
        case Mention(user_id):
            return f"<@{user_id}>"
        case Link(url, label):
            return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{escape(label)}>"
        case Command(text):
            return escape(f"/{text}")
        case Time(moment, _zone, style):
            fallback = escape_controls(time_text(span))
            return f"<!date^{int(moment.timestamp())}^{DATE_TOKENS[style]}|{fallback}>"


def mrkdwn(spans: tuple[Span, ...], limit: int = SECTION_TEXT) -> str:
    """Escaped mrkdwn for spans; user text is cut before escaping so no entity is split."""
    pieces: list[str] = []
    budget = limit
    for span in spans:
        piece = _span_mrkdwn(span)
        if len(piece) > budget:
            if isinstance(span, Plain | Strong):
                piece = _span_mrkdwn(type(span)(shorten(span.text, max(budget // 2, 1))))
            if len(piece) > budget:
                break
        pieces.append(piece)
        budget -= len(piece)
    return "".join(pieces) or " "


def _text(kind: str, text: str) -> dict[str, Any]:
    return {"type": kind, "text": text}


def _fields(items: tuple[tuple[str, str], ...]) -> list[Block]:
    blocks = []
    for start in range(0, len(items), FIELDS_PER_SECTION):
        chunk = items[start : start + FIELDS_PER_SECTION]
        blocks.append(
            {
                "type": "section",
                "fields": [
                    _text("mrkdwn", mrkdwn((Strong(label), Plain("\n" + value)), FIELD_TEXT))
                    for label, value in chunk
                ],
            }
        )
    return blocks


def _choices(choices: Choices) -> list[Block]:
    blocks = []
    for start in range(0, len(choices.choices), ELEMENTS_PER_ACTIONS):
        elements = []
        for choice in choices.choices[start : start + ELEMENTS_PER_ACTIONS]:
            button: Block = {
                "type": "button",
                "action_id": choice.action_id,
                "text": _text("plain_text", shorten(choice.label, BUTTON_TEXT)),
                "value": shorten(choice.value, BUTTON_VALUE) or choice.action_id,
            }
            if choice.style:
                button["style"] = choice.style
            elements.append(button)
        blocks.append({"type": "actions", "elements": elements})
    return blocks


def to_blocks(message: Reply, max_blocks: int = MESSAGE_BLOCKS) -> list[Block]:
    blocks: list[Block] = []
    for part in message.parts:
        match part:
            case Header(text):
                blocks.append(
                    {"type": "header", "text": _text("plain_text", shorten(text, HEADER_TEXT))}
                )
            case Paragraph(items):
                blocks.append({"type": "section", "text": _text("mrkdwn", mrkdwn(items))})
            case Note(items):
                blocks.append({"type": "context", "elements": [_text("mrkdwn", mrkdwn(items))]})
            case Fields(items):
                blocks.extend(_fields(items))
            case Choices():
                blocks.extend(_choices(part))
            case Divider():
                blocks.append({"type": "divider"})
    if len(blocks) > max_blocks:
        blocks = blocks[: max_blocks - 1]
        blocks.append(
            {"type": "context", "elements": [_text("mrkdwn", "…and more in the App Home.")]}
        )
    return blocks


def fallback_text(message: Reply) -> str:
    return escape(shorten(message.fallback, 3000))


def message_payload(message: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage, respond() or ack()."""
    return {"text": fallback_text(message), "blocks": to_blocks(message)}


def home_view(message: Reply) -> dict[str, Any]:
    return {"type": "home", "blocks": to_blocks(message, SURFACE_BLOCKS)}

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


def _fitting(span: Plain | Strong, budget: int) -> int:
    """How many characters of the span's text fit in ``budget`` once escaped, ending at a
    space when one is near, so text is always cut by characters and never inside an entity."""
    low, high = 0, len(span.text)
    while low < high:
        middle = (low + high + 1) // 2
        if len(_span_mrkdwn(type(span)(span.text[:middle]))) <= budget:
            low = middle
        else:
            high = middle - 1
    space = max(span.text.rfind(" ", 0, low), span.text.rfind("\n", 0, low))
    return space + 1 if low < len(span.text) and space >= low // 2 else low


def split_mrkdwn(spans: tuple[Span, ...], limit: int) -> list[str]:
    """Escaped mrkdwn for spans in as many texts of at most ``limit`` characters as it takes;
    user text flows from one to the next, cut between characters before escaping."""
    texts: list[str] = []
    current = ""
    queue = list(spans)
    while queue:
        span = queue.pop(0)
        piece = _span_mrkdwn(span)
        if len(current) + len(piece) <= limit:
            current += piece
            continue
        taken = _fitting(span, limit - len(current)) if isinstance(span, Plain | Strong) else 0
        if isinstance(span, Plain | Strong) and taken:
            current += _span_mrkdwn(type(span)(span.text[:taken]))
            queue.insert(0, type(span)(span.text[taken:]))
        elif current:
            queue.insert(0, span)
        else:
            continue  # one piece of Rounds's own markup longer than a whole text
        texts.append(current)
        current = ""
    return [*texts, current] if current or not texts else texts


def mrkdwn(spans: tuple[Span, ...], limit: int = SECTION_TEXT) -> str:
    """Escaped mrkdwn for spans; text that does not fit is cut, before escaping, with "…"."""
    whole = "".join(_span_mrkdwn(span) for span in spans)
    if len(whole) <= limit:
        return whole or " "
    return (split_mrkdwn(spans, limit - 1)[0].rstrip() or " ") + "…"


def _sections(spans: tuple[Span, ...]) -> list[Block]:
    """A paragraph in as many sections as its text needs, so a long goal arrives whole."""
    return [
        {"type": "section", "text": _text("mrkdwn", text or " ")}
        for text in split_mrkdwn(spans, SECTION_TEXT)
    ]


def _text(kind: str, text: str) -> dict[str, Any]:
    return {"type": kind, "text": text}


def _fields(items: tuple[tuple[str, str], ...]) -> list[Block]:
    """Fields side by side; one too long for a field follows as its own sections, whole."""
    blocks: list[Block] = []
    run: list[dict[str, Any]] = []

    def close_run() -> None:
        if run:
            blocks.append({"type": "section", "fields": list(run)})
            run.clear()

    for label, value in items:
        spans = (Strong(label), Plain("\n" + value))
        text = "".join(_span_mrkdwn(span) for span in spans)
        if len(text) > FIELD_TEXT:
            close_run()
            blocks.extend(_sections(spans))
            continue
        run.append(_text("mrkdwn", text))
        if len(run) == FIELDS_PER_SECTION:
            close_run()
    close_run()
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


def to_blocks(
    message: Reply, max_blocks: int = MESSAGE_BLOCKS, more: str = "…and more in the App Home."
) -> list[Block]:
    blocks = _all_blocks(message)
    if len(blocks) > max_blocks:
        blocks = blocks[: max_blocks - 1]
        blocks.append({"type": "context", "elements": [_text("mrkdwn", more)]})
    return blocks


def message_pages(message: Reply) -> list[dict[str, Any]]:
    """chat.postMessage payloads: the message, then, for its thread, whatever Slack's block
    limit leaves over, so a long message reaches its reader whole."""
    blocks = _all_blocks(message)
    per_page = MESSAGE_BLOCKS - 1
    pages = [blocks[start : start + per_page] for start in range(0, len(blocks), per_page)]
    if len(pages) <= 1:
        return [message_payload(message)]
    more = {"type": "context", "elements": [_text("mrkdwn", "…continued in the thread.")]}
    first = {"text": fallback_text(message), "blocks": [*pages[0], more]}
    rest = [{"text": "(continued)", "blocks": page} for page in pages[1:]]
    return [first, *rest]


def _all_blocks(message: Reply) -> list[Block]:
    blocks: list[Block] = []
    for part in message.parts:
        match part:
            case Header(text):
                blocks.append(
                    {"type": "header", "text": _text("plain_text", shorten(text, HEADER_TEXT))}
                )
            case Paragraph(items):
                blocks.extend(_sections(items))
            case Note(items):
                blocks.append({"type": "context", "elements": [_text("mrkdwn", mrkdwn(items))]})
            case Fields(items):
                blocks.extend(_fields(items))
            case Choices():
                blocks.extend(_choices(part))
            case Divider():
                blocks.append({"type": "divider"})
    return blocks


def fallback_text(message: Reply) -> str:
    return escape(shorten(message.fallback, 3000))


def message_payload(message: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage, respond() or ack()."""
    return {"text": fallback_text(message), "blocks": to_blocks(message)}


def home_view(message: Reply) -> dict[str, Any]:
    more = "…and more than fits here: type /mentor help for the commands that list the rest."
    return {"type": "home", "blocks": to_blocks(message, SURFACE_BLOCKS, more)}

"""Platform-neutral replies: what to show a person, not how a platform draws it.

All text is literal. Formatting is structure (Strong, Mention, Link), so a platform
renderer escapes every string it is given and no user text can become markup.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Plain:
    text: str


@dataclass(frozen=True)
class Strong:
    text: str


@dataclass(frozen=True)
class Mention:
    user_id: str


@dataclass(frozen=True)
class Link:
    url: str
    label: str


@dataclass(frozen=True)
class Command:
    """Something to type to Rounds, such as "mentor profile"; each platform shows its own form
    ("/mentor profile" in Slack)."""

    text: str


TimeStyle = Literal["time", "date", "date_time"]


@dataclass(frozen=True)
class Time:
    """A moment as its reader should see it: Slack shows each reader their own clock; elsewhere
    it is shown in ``zone`` (the reader's own zone when known, else the program's), by name."""

    moment: datetime
    zone: str
    style: TimeStyle = "time"


Span = Plain | Strong | Mention | Link | Command | Time


@dataclass(frozen=True)
class Header:
    text: str


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Fields:
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Note:
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class Divider:
    pass


@dataclass(frozen=True)
class Choice:
    action_id: str
    label: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Choices:
    choices: tuple[Choice, ...]


Part = Header | Paragraph | Fields | Note | Divider | Choices


@dataclass(frozen=True)
class Reply:
    parts: tuple[Part, ...]
    summary: str = field(default="")

    @property
    def fallback(self) -> str:
        """A one-line plain text version, for notifications and screen readers."""
        return self.summary or plain_text(self)[:300]


def joined(*replies: Reply) -> Reply:
    """One message saying each of these in turn; the last one's summary says where things stand."""
    return Reply(tuple(part for each in replies for part in each.parts), replies[-1].summary)


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun in the right number: "1 answer", "3 answers", "2 people"."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def spans(*items: str | Span) -> tuple[Span, ...]:
    return tuple(Plain(item) if isinstance(item, str) else item for item in items)


def paragraph(*items: str | Span) -> Paragraph:
    return Paragraph(spans(*items))


def note(*items: str | Span) -> Note:
    return Note(spans(*items))


def reply(*parts: Part, summary: str = "") -> Reply:
    return Reply(tuple(parts), summary)


def bullet_list(lines: Iterable[tuple[str | Span, ...]]) -> tuple[Paragraph, ...]:
    return tuple(paragraph("• ", *line) for line in lines)


def in_zone(message: Reply, zone: str | None) -> Reply:
    """The reply with every time shown in ``zone``, the reader's own (unchanged when unknown)."""
    if not zone:
        return message

    def rezoned(items: tuple[Span, ...]) -> tuple[Span, ...]:
        return tuple(replace(span, zone=zone) if isinstance(span, Time) else span for span in items)

    parts = tuple(
        replace(part, spans=rezoned(part.spans)) if isinstance(part, Paragraph | Note) else part
        for part in message.parts
    )
    return Reply(parts, message.summary)


def time_text(when: Time) -> str:
    """The moment in its zone, with the zone named wherever a clock time is shown."""
    local = when.moment.astimezone(ZoneInfo(when.zone))
    day = f"{local:%A} {local.day} {local:%B}"
    match when.style:
        case "date":
            return day
        case "time":
            return f"{local:%H:%M} ({when.zone})"
        case "date_time":
            return f"{day} at {local:%H:%M} ({when.zone})"


def span_text(span: Span) -> str:
    match span:
        case Time():
            return time_text(span)
        case Plain(text) | Strong(text):
            return text
        case Mention(user_id):
            return f"@{user_id}"
        case Link(url, label):
            return f"{label} ({url})"
        case Command(text):
            return f"/{text}"


def plain_text(message: Reply) -> str:
    lines: list[str] = []
    for part in message.parts:
        match part:
            case Header(text):
                lines.append(text)
            case Paragraph(items) | Note(items):
                lines.append("".join(span_text(span) for span in items))
            case Fields(items):
                lines.extend(f"{label}: {value}" for label, value in items)
            case Choices(choices):
                lines.append(" ".join(f"[{choice.label}]" for choice in choices))
            case Divider():
                pass
    return "\n".join(lines)

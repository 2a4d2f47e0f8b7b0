"""Replies to and from plain JSON, so a message can wait in the outbox until it is sent."""

import base64
from datetime import datetime
from typing import Any

from bot.messaging import Attachment
from bot.replies import (
    Choice,
    Choices,
    Command,
    Divider,
    Fields,
    Header,
    Link,
    Mention,
    Note,
    Paragraph,
    Part,
    Plain,
    Reply,
    Span,
    Strong,
    Time,
)

Json = dict[str, Any]

_SPANS: dict[str, type[Span]] = {
    "plain": Plain,
    "strong": Strong,
    "mention": Mention,
    "link": Link,
    "command": Command,
    "time": Time,
}
_SPAN_TAGS = {kind: tag for tag, kind in _SPANS.items()}


def encode_reply(message: Reply) -> Json:
    return {"summary": message.summary, "parts": [_encode_part(part) for part in message.parts]}


def decode_reply(data: Json) -> Reply:
    return Reply(tuple(_decode_part(part) for part in data["parts"]), data.get("summary", ""))


def encode_files(files: tuple[Attachment, ...]) -> list[Json]:
    return [
        {
            "filename": file.filename,
            "mime_type": file.mime_type,
            "title": file.title,
            "content": base64.b64encode(file.content).decode("ascii"),
        }
        for file in files
    ]


def decode_files(data: Json) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(
            item["filename"], base64.b64decode(item["content"]), item["mime_type"], item["title"]
        )
        for item in data.get("files", ())
    )


def _encode_span(span: Span) -> Json:
    fields = {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in span.__dict__.items()
    }
    return {"t": _SPAN_TAGS[type(span)], **fields}


def _decode_span(data: Json) -> Span:
    fields = {key: value for key, value in data.items() if key != "t"}
    if data["t"] == "time":
        fields["moment"] = datetime.fromisoformat(fields["moment"])
    return _SPANS[data["t"]](**fields)


def _encode_part(part: Part) -> Json:
    match part:
        case Header(text):
            return {"t": "header", "text": text}
        case Paragraph(spans):
            return {"t": "paragraph", "spans": [_encode_span(span) for span in spans]}
        case Note(spans):
            return {"t": "note", "spans": [_encode_span(span) for span in spans]}
        case Fields(items):
            return {"t": "fields", "items": [list(item) for item in items]}
        case Divider():
            return {"t": "divider"}
        case Choices(choices):
            return {"t": "choices", "choices": [choice.__dict__ for choice in choices]}


def _decode_part(data: Json) -> Part:
    match data["t"]:
        case "header":
            return Header(data["text"])
        case "paragraph":
            return Paragraph(tuple(_decode_span(span) for span in data["spans"]))
        case "note":
            return Note(tuple(_decode_span(span) for span in data["spans"]))
        case "fields":
            return Fields(tuple((label, value) for label, value in data["items"]))
        case "divider":
            return Divider()
        case "choices":
            return Choices(tuple(Choice(**choice) for choice in data["choices"]))
    raise ValueError(f"unknown part {data['t']!r}")

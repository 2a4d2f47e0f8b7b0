"""Platform-neutral replies drawn as Adaptive Cards (1.5) for Microsoft Teams.

Text goes into RichTextBlock TextRuns, which Adaptive Cards never read as markdown, so a
person's words stay literal: no user text can become a link, a heading or a mention.
Every Choice becomes an Action.Execute whose verb is the action id and whose data carries
{action_id, value}; a Choice that needs more input first opens a form under the card.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

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
    Plain,
    Reply,
    Span,
    Strong,
    Time,
    time_text,
)

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
TEXT_LIMIT = 3000
TITLE_LIMIT = 60
ACTIONS_PER_SET = 6

Element = dict[str, Any]
Names = Callable[[str], str]


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Input:
    """One field of a form that opens under a card before its action runs."""

    id: str
    label: str
    kind: Literal["text", "long_text", "date", "choice", "person"] = "text"
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    initial: str = ""
    placeholder: str = ""
    max_length: int = 2000


@dataclass(frozen=True)
class Form:
    """Inputs that a Choice gathers before it runs; `submit` labels the button that sends them."""

    inputs: tuple[Input, ...]
    submit: str
    intro: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


Forms = Mapping[str, Form]


def with_values(form: Form, values: Mapping[str, str]) -> Form:
    """The form with some inputs filled in, as when it comes back to be corrected."""
    return replace(
        form,
        inputs=tuple(
            replace(spec, initial=values[spec.id]) if values.get(spec.id) else spec
            for spec in form.inputs
        ),
    )


def _run(text: str, **style: Any) -> Element:
    return {"type": "TextRun", "text": text, **style}


def _span_run(span: Span, names: Names) -> Element:
    match span:
        case Plain(text):
            return _run(text)
        case Strong(text):
            return _run(text, weight="Bolder")
        case Mention(user_id):
            return _run("@" + names(user_id), weight="Bolder")
        case Command(text):
            return _run(text, fontType="Monospace")
        case Time():
            return _run(time_text(span))
        case Link(url, label):
            if not url.startswith(("https://", "http://")):
                return _run(f"{label} ({url})")
            return _run(
                label,
                color="Accent",
                underline=True,
                selectAction={"type": "Action.OpenUrl", "url": url},
            )


def _rich_text(
    spans: Sequence[Span], names: Names, *, subtle: bool = False, size: str | None = None
) -> Element:
    inlines: list[Element] = []
    budget = TEXT_LIMIT
    for span in spans:
        run = _span_run(span, names)
        run["text"] = shorten(run["text"], max(budget, 1))
        budget -= len(run["text"])
        if subtle:
            run["isSubtle"] = True
        if size:
            run["size"] = size
        inlines.append(run)
        if budget <= 0:
            break
    return {"type": "RichTextBlock", "inlines": inlines or [_run(" ")]}


def _fields(items: tuple[tuple[str, str], ...], names: Names) -> list[Element]:
    blocks: list[Element] = []
    for label, value in items:
        blocks.append(
            {
                "type": "Container",
                "spacing": "Small",
                "items": [
                    _rich_text((Strong(label),), names),
                    _rich_text((Plain(value),), names),
                ],
            }
        )
    return blocks


def _input(spec: Input) -> Element:
    element: Element = {"id": spec.id, "label": spec.label, "isRequired": spec.required}
    if spec.required:
        element["errorMessage"] = f"{spec.label} is needed."
    match spec.kind:
        case "text" | "long_text":
            element |= {
                "type": "Input.Text",
                "isMultiline": spec.kind == "long_text",
                "maxLength": spec.max_length,
            }
        case "date":
            element["type"] = "Input.Date"
        case "choice":
            element |= {
                "type": "Input.ChoiceSet",
                "style": "compact",
                "choices": [{"title": title, "value": value} for value, title in spec.choices],
            }
        case "person":
            # Teams' people picker: the chosen person's Microsoft Entra object id comes back.
            element |= {
                "type": "Input.ChoiceSet",
                "choices": [],
                "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"},
            }
    if spec.initial:
        element["value"] = spec.initial
    if spec.placeholder:
        element["placeholder"] = spec.placeholder
    return element


def execute(action_id: str, label: str, value: str = "", style: str | None = None) -> Element:
    action: Element = {
        "type": "Action.Execute",
        "title": shorten(label, TITLE_LIMIT),
        "verb": action_id,
        "data": {"action_id": action_id, "value": value},
    }
    if style == "primary":
        action["style"] = "positive"
    elif style == "danger":
        action["style"] = "destructive"
    return action


def form_body(form: Form, names: Names) -> list[Element]:
    body: list[Element] = []
    if form.intro:
        body.append(_rich_text((Plain(form.intro),), names))
    body.extend(_input(spec) for spec in form.inputs)
    return body


def _action(choice: Choice, names: Names, forms: Forms) -> Element:
    form = forms.get(choice.action_id)
    if form is None:
        return execute(choice.action_id, choice.label, choice.value, choice.style)
    submit = execute(choice.action_id, form.submit, choice.value, choice.style)
    submit["data"] |= dict(form.extra)
    return {
        "type": "Action.ShowCard",
        "title": shorten(choice.label, TITLE_LIMIT),
        "card": {
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
            "body": form_body(form, names),
            "actions": [submit],
        },
    }


def _choices(choices: Choices, names: Names, forms: Forms) -> list[Element]:
    sets = []
    for start in range(0, len(choices.choices), ACTIONS_PER_SET):
        chunk = choices.choices[start : start + ACTIONS_PER_SET]
        sets.append({"type": "ActionSet", "actions": [_action(c, names, forms) for c in chunk]})
    return sets


def card_body(message: Reply, names: Names, forms: Forms | None = None) -> list[Element]:
    forms = forms or {}
    body: list[Element] = []
    for part in message.parts:
        match part:
            case Header(text):
                block = _rich_text((Strong(text),), names, size="Large")
                body.append(block | {"spacing": "Medium"})
            case Paragraph(items):
                body.append(_rich_text(items, names))
            case Note(items):
                body.append(_rich_text(items, names, subtle=True, size="Small"))
            case Fields(items):
                body.extend(_fields(items, names))
            case Choices():
                body.extend(_choices(part, names, forms))
            case Divider():
                body.append({"type": "Container", "separator": True, "spacing": "Medium"})
    return body


def to_card(
    message: Reply,
    names: Names,
    forms: Forms | None = None,
    *,
    extra_body: Sequence[Element] = (),
    actions: Sequence[Element] = (),
) -> Element:
    """The Adaptive Card for a reply; `names` turns a mentioned user id into a display name."""
    card: Element = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": [*card_body(message, names, forms), *extra_body],
        "msteams": {"width": "Full"},
    }
    if actions:
        card["actions"] = list(actions)
    return card


def readable(message: Reply, names: Names) -> str:
    """The reply's first paragraph as plain text: a short answer to a press."""
    for part in message.parts:
        if isinstance(part, Paragraph | Note):
            return shorten("".join(_span_run(s, names)["text"] for s in part.spans), 300)
    return message.fallback


def attachment(card: Element) -> dict[str, Any]:
    return {"contentType": CARD_CONTENT_TYPE, "content": card}

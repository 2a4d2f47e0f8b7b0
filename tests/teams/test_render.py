"""Replies drawn as Adaptive Cards: structure kept, every word literal, every button routable."""

from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.mentoring import mentor_messages
from bot.mentoring.model import Format
from bot.replies import (
    Choice,
    Choices,
    Command,
    Divider,
    Fields,
    Header,
    Link,
    Mention,
    Strong,
    Time,
    in_zone,
    note,
    paragraph,
    reply,
)
from devtools.teams.harness import actions_in
from devtools.teams.textview import card_text
from handlers.teams.forms import CHOICE_FORMS
from handlers.teams.render import to_card

NAMES = {"AAD-KIM": "Grace Kim", "AAD-ANA": "Ana Ruiz"}.get


def names(user_id: str) -> str:
    return NAMES(user_id) or "a colleague"


def runs(element: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(element, dict):
        if element.get("type") == "TextRun":
            found.append(element)
        for value in element.values():
            found.extend(runs(value))
    elif isinstance(element, list):
        for item in element:
            found.extend(runs(item))
    return found


def types(element: Any) -> set[str]:
    if isinstance(element, dict):
        return {str(element.get("type", ""))} | {t for v in element.values() for t in types(v)}
    if isinstance(element, list):
        return {t for item in element for t in types(item)}
    return set()


def test_each_part_of_a_reply_has_its_card_element() -> None:
    card = to_card(
        reply(
            Header("A mentoring request"),
            paragraph(Mention("AAD-ANA"), " would like ", Strong("a coffee chat"), "."),
            Fields((("Goal", "fellowship applications"), ("Stage", "PGY-2"))),
            Divider(),
            note(
                "Type ",
                Command("mentor tips"),
                " for tips, or read ",
                Link("https://x.org", "this"),
            ),
            Choices((Choice("nudge.accept", "Accept", "3:9", style="primary"),)),
        ),
        names,
    )

    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card_text(card).splitlines() == [
        "A mentoring request",
        "@Ana Ruiz would like a coffee chat.",
        "Goal fellowship applications",
        "Stage PGY-2",
        "",
        "Type mentor tips for tips, or read this",
        "[Accept]",
    ]
    accept = actions_in([card])[0]
    assert accept == {
        "type": "Action.Execute",
        "title": "Accept",
        "verb": "nudge.accept",
        "data": {"action_id": "nudge.accept", "value": "3:9"},
        "style": "positive",
    }
    link = next(run for run in runs(card) if run["text"] == "this")
    assert link["selectAction"] == {"type": "Action.OpenUrl", "url": "https://x.org"}


def test_a_nudge_opens_forms_for_decline_and_suggest_but_accepts_at_once() -> None:
    ask = mentor_messages.Ask(3, 9, "AAD-ANA", "PGY-2", "a goal", Format.ONE_OFF, None, ("fit",))
    card = to_card(mentor_messages.nudge(ask, ()), names, CHOICE_FORMS)

    actions = next(b["actions"] for b in card["body"] if b["type"] == "ActionSet")
    assert [a["type"] for a in actions] == ["Action.Execute", "Action.ShowCard", "Action.ShowCard"]
    decline_form = actions[2]["card"]
    assert [i["id"] for i in decline_form["body"] if i["type"].startswith("Input.")] == [
        "reason",
        "unavailable_until",
    ]
    assert decline_form["actions"][0]["data"] == {"action_id": "nudge.decline", "value": "3:9"}
    picker = next(i for i in actions[1]["card"]["body"] if i.get("id") == "colleague")
    assert picker["choices.data"]["dataset"] == "graph.microsoft.com/users"


@settings(max_examples=60)
@given(text=st.text(min_size=1, max_size=200))
def test_user_text_stays_literal_whatever_it_holds(text: str) -> None:
    card = to_card(
        reply(Header(text), paragraph("Goal: ", text), Fields(((text, text),)), note(text)),
        names,
    )

    # TextRuns are never read as markdown, and no other element carries text.
    assert "TextBlock" not in types(card)
    texts = [run["text"] for run in runs(card)]
    assert texts.count(text) >= 4
    assert all("selectAction" not in run for run in runs(card))


def test_markup_in_what_people_wrote_cannot_become_a_link_or_a_mention() -> None:
    hostile = "**urgent** [click](https://evil.example) <at>Grace Kim</at> &lt; # Title"
    card = to_card(reply(paragraph("You asked for help with: ", hostile)), names)

    assert [run["text"] for run in runs(card)] == ["You asked for help with: ", hostile]
    assert "msteams" in card and "entities" not in card["msteams"]


def test_a_link_that_is_not_http_is_shown_but_not_clickable() -> None:
    card = to_card(reply(paragraph(Link("javascript:alert(1)", "open"))), names)

    assert runs(card) == [{"type": "TextRun", "text": "open (javascript:alert(1))"}]


def test_many_choices_are_split_into_rows_teams_can_show() -> None:
    choices = Choices(tuple(Choice("request.choose", f"Ask #{n}", f"1:{n}") for n in range(9)))
    card = to_card(reply(choices), names)

    assert [len(s["actions"]) for s in card["body"]] == [6, 3]


def test_command_hints_in_the_home_and_help_read_without_slack_slashes_in_teams() -> None:
    from bot.help import command_help
    from bot.home import home_page
    from bot.identity import PersonRef
    from bot.people import Member

    newcomer = Member(PersonRef("teams", "T", "AAD-ANA"), "Ana", None, False, False, False)
    home = card_text(to_card(home_page(newcomer), NAMES))
    help_lines = card_text(to_card(command_help("/mentor"), NAMES)).splitlines()[2:]

    assert "/mentor" not in home and "mentor profile" in home
    assert not any("/mentor" in line for line in help_lines)
    assert any(line.startswith("• mentor goals") for line in help_lines), help_lines


def test_a_time_is_shown_in_its_zone_with_the_zone_named() -> None:
    nine_in_new_york = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
    message = reply(
        paragraph("Next round: ", Time(nine_in_new_york, "America/New_York", "date_time")),
        note("Speed mentoring · until ", Time(nine_in_new_york, "America/New_York")),
    )

    assert card_text(to_card(message, names)).splitlines() == [
        "Next round: Wednesday 25 November at 09:00 (America/New_York)",
        "Speed mentoring · until 09:00 (America/New_York)",
    ]
    assert card_text(to_card(in_zone(message, "Asia/Tokyo"), names)).splitlines() == [
        "Next round: Wednesday 25 November at 23:00 (Asia/Tokyo)",
        "Speed mentoring · until 23:00 (Asia/Tokyo)",
    ]

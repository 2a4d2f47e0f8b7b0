"""The README's privacy section stays true to what Rounds stores and offers."""

import re
from pathlib import Path

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text
from storage.privacy import PERSON_TABLE, person_links

README = Path(__file__).resolve().parents[2] / "README.md"


def privacy_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Privacy\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    assert match, "the README has no Privacy section"
    return match.group(1)


def test_the_privacy_section_names_every_table_that_holds_something_about_a_person() -> None:
    section = privacy_section()

    tables = {PERSON_TABLE} | {link.table.name for link in person_links()}
    assert [table for table in sorted(tables) if f"`{table}`" not in section] == []


def test_the_privacy_section_says_what_leaves_for_an_outside_service_and_for_how_long() -> None:
    section = " ".join(privacy_section().split())

    assert "With `OPENAI_API_KEY` set, goal texts" in section
    assert "sent to OpenAI" in section
    assert "Leave it empty and nothing goes outside." in section
    assert "`FREE_TEXT_RETENTION_MONTHS`" in section
    assert "Feedback is confidential" in section
    assert "Organizers (`ORGANIZERS`) see the program report" in section
    assert "logs carry no message text" in section
    assert "text is kept only until it is sent" in section


def test_every_command_the_privacy_section_names_is_one_the_app_offers(
    rounds: LocalRounds,
) -> None:
    named = set(re.findall(r"`(/mentor [a-z-]+)`", privacy_section()))
    offered = blocks_text(rounds.command("U0ANA", "/mentor", "help").json()["blocks"])

    assert {"/mentor my-data", "/mentor forget-me"} <= named
    assert [command for command in sorted(named) if command not in offered] == []

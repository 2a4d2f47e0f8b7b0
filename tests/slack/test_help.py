import pytest

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text


def shown(delivery_body: dict[str, object]) -> str:
    return blocks_text(delivery_body["blocks"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/mentor", "/mentor profile"),
        ("/coffee", "/coffee status"),
        ("/speedmentor", "speed-mentoring event"),
    ],
)
def test_help_is_shown_only_to_the_person_who_asked(
    rounds: LocalRounds, command: str, expected: str
) -> None:
    delivery = rounds.command("U0ANA", command, "help")

    assert delivery.status == 200
    body = delivery.json()
    assert body["response_type"] == "ephemeral"
    assert f"{command} help" in shown(body)
    assert expected in shown(body)


def test_an_unknown_subcommand_says_so_and_shows_what_works(rounds: LocalRounds) -> None:
    body = rounds.command("U0ANA", "/coffee", "brew").json()

    text = shown(body)
    assert body["response_type"] == "ephemeral"
    assert "I don't know “brew”" in text
    assert "/coffee status" in text


def test_an_unknown_subcommand_is_shown_literally(rounds: LocalRounds) -> None:
    body = rounds.command("U0ANA", "/speedmentor", "<!channel>").json()

    assert "<!channel>" not in str(body["blocks"])
    assert "I don't know “<!channel>”" in shown(body)


def test_help_posts_nothing_to_any_channel(rounds: LocalRounds) -> None:
    rounds.command("U0ANA", "/mentor", "help")

    assert rounds.fake.calls_to("chat.postMessage") == []

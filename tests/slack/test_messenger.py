"""DMs take the cheapest path Slack allows, and opened conversations outlive a restart."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk import WebClient

from bot.identity import PersonRef
from bot.replies import paragraph, reply
from devtools.slack.fake_api import FAKE_TEAM, FakeSlack
from handlers.slack.messenger import SlackMessenger
from handlers.slack.pacing import Pacer
from storage.conference import ConversationStore
from storage.db import Database
from storage.migrate import upgrade

HELLO = reply(paragraph("Your seat: table 4"), summary="Your seat: table 4")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    slack = FakeSlack().start()
    yield slack
    slack.stop()


def messenger(fake: FakeSlack, database: Database) -> SlackMessenger:
    client = WebClient(token="xoxb-test", base_url=fake.api_url)
    return SlackMessenger(client, Pacer({}), ConversationStore(database))


def test_a_dm_is_posted_to_the_user_id_without_opening_a_conversation(
    fake: FakeSlack, database_url: str
) -> None:
    database = Database(database_url)
    sent = messenger(fake, database).send_direct(PersonRef.slack(FAKE_TEAM, "U0ANA"), HELLO)

    assert fake.calls_to("conversations.open") == []
    assert fake.direct_messages("U0ANA")[0].answer["ts"] == sent.message_id
    assert sent.conversation_id.startswith("D")
    database.dispose()


def test_a_group_dm_opened_before_a_restart_is_not_opened_again(
    fake: FakeSlack, tmp_path: Path
) -> None:
    database = Database(f"sqlite:///{tmp_path / 'rounds.db'}")
    upgrade(database)
    group = [PersonRef.slack(FAKE_TEAM, user) for user in ("U0ANA", "U0BEN", "U0KIM")]
    first = messenger(fake, database).send_group(group, HELLO)

    after_restart = messenger(fake, database).send_group(group, HELLO)

    assert len(fake.calls_to("conversations.open")) == 1
    assert after_restart.conversation_id == first.conversation_id
    database.dispose()

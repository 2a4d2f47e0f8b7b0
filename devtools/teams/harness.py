"""The real Rounds Teams agent over HTTP on a temporary database, with a local Bot Connector.

Activities go in as the Bot Connector would post them (unsigned: the JWT check is off here
only); what the bot sends comes out at the fake connector, which records it.
"""

import json
import logging
import tempfile
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.clock import Clock
from bot.identity import PersonRef
from bot.settings import load_settings
from devtools import clockwork
from devtools.databases import migrated_sqlite
from devtools.teams.fake_connector import FakeConnector, Posted
from devtools.teams.textview import card_text
from handlers.teams.app import build_teams_app
from handlers.teams.serve import TeamsServer
from storage.migrate import upgrade

LOCAL_TENANT = "7a1e0c55-5d0c-4a55-9b1e-2f1d3c4b5a69"
LOCAL_APP_ID = "0c8f7a3e-1b2d-4c5e-8f90-a1b2c3d4e5f6"
UNSIGNED_WARNINGS = "microsoft_agents.hosting.core.connector.client.user_token_client"
NAMESPACE = uuid.UUID("5b2f3f0e-7c1d-4e8a-9a51-0d6c2b1f4e77")


@dataclass(frozen=True)
class TeamsUser:
    key: str
    name: str
    tenant_id: str = LOCAL_TENANT

    @property
    def aad_object_id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, self.key))

    @property
    def teams_id(self) -> str:
        return f"29:{self.key}"

    @property
    def ref(self) -> PersonRef:
        return PersonRef.teams(self.tenant_id, self.aad_object_id)

    @property
    def personal_chat(self) -> str:
        return f"a:personal-{self.key}"


@dataclass(frozen=True)
class Answer:
    """The HTTP answer to an activity; invokes carry the card or message shown to the presser."""

    status: int
    body: str

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.body) if self.body else {}
        return data


class LocalTeams:
    def __init__(
        self, database_url: str | None = None, clock: Clock | None = None, **settings: Any
    ) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="rounds-teams-")
        self.connector = FakeConnector().start()
        self.settings = load_settings(
            _env_file=None,
            PLATFORM="teams",
            TEAMS_APP_ID=LOCAL_APP_ID,
            TEAMS_APP_PASSWORD="local-only",
            TEAMS_TENANT_ID=LOCAL_TENANT,
            DATABASE_URL=database_url
            or f"sqlite:///{migrated_sqlite(Path(self._tmp.name) / 'rounds.db')}",
            **settings,
        )
        # Unsigned requests arrive without an app id; the SDK warns about each one.
        logging.getLogger(UNSIGNED_WARNINGS).setLevel(logging.ERROR)
        self.rounds = build_teams_app(self.settings, clock, jwt_check=False)
        self.services = self.rounds.services
        upgrade(self.services.database)
        self.services.scheduler.start(paused=True)
        self.server = TeamsServer(self.rounds).start()
        self.users: dict[str, TeamsUser] = {}
        self._ids = 0

    # --- people --------------------------------------------------------------------------

    def add_user(self, key: str, name: str, *, installed: bool = True) -> TeamsUser:
        """Someone in the tenant; `installed` has them open the app, as a personal install does."""
        user = TeamsUser(key, name)
        self.users[key] = user
        if installed:
            self.install(key)
        return user

    def install(self, key: str) -> "Answer":
        user = self.users[key]
        return self.post(
            self._activity(
                user,
                type="conversationUpdate",
                membersAdded=[{"id": self.bot["id"]}, {"id": user.teams_id}],
            )
        )

    @property
    def bot(self) -> dict[str, str]:
        return {"id": f"28:{LOCAL_APP_ID}", "name": "Rounds"}

    # --- what people do ------------------------------------------------------------------

    def say(self, key: str, text: str) -> "Answer":
        return self.post(self._activity(self.users[key], type="message", text=text))

    def press(
        self,
        key: str,
        card: dict[str, Any],
        action_id: str,
        inputs: dict[str, str] | None = None,
        value: str | None = None,
    ) -> dict[str, Any]:
        """Press the card's button for an action (opening its form first, if it has one)."""
        data = dict(find_action(card, action_id)["data"])
        if value is not None:
            data["value"] = value
        data |= inputs or {}
        answer = self.post(
            self._activity(
                self.users[key],
                type="invoke",
                name="adaptiveCard/action",
                value={
                    "action": {"type": "Action.Execute", "verb": action_id, "data": data},
                    "trigger": "manual",
                },
            )
        )
        assert answer.status == 200, answer.body
        return answer.json()

    def post(self, activity: dict[str, Any]) -> "Answer":
        request = urllib.request.Request(
            self.server.messages_url,
            data=json.dumps(activity).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode())

    def _activity(self, user: TeamsUser, **fields: Any) -> dict[str, Any]:
        self._ids += 1
        return {
            "id": f"in-{self._ids}",
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": {"id": user.teams_id, "name": user.name, "aadObjectId": user.aad_object_id},
            "recipient": self.bot,
            "conversation": {
                "id": user.personal_chat,
                "conversationType": "personal",
                "tenantId": user.tenant_id,
            },
            "channelData": {"tenant": {"id": user.tenant_id}},
            "locale": "en-US",
            **fields,
        }

    # --- what people see -----------------------------------------------------------------

    def received(self, key: str) -> list[Posted]:
        user = self.users[key]
        chats = {user.personal_chat, self.connector.opened.get(user.aad_object_id, "")}
        return [p for chat in chats for p in self.connector.sent_to(chat)]

    def cards(self, key: str) -> list[dict[str, Any]]:
        return [card for posted in self.received(key) for card in posted.cards]

    def last_card(self, key: str) -> dict[str, Any]:
        cards = self.cards(key)
        assert cards, f"{key} got no card"
        return cards[-1]

    def texts(self, key: str) -> list[str]:
        return [card_text(card) for card in self.cards(key)]

    # --- time ----------------------------------------------------------------------------

    def settle(self) -> None:
        """Teams turns finish before their HTTP answer, so there is nothing to wait for."""

    def run_due(self) -> int:
        return clockwork.run_due(self.services, self.settle)

    def advance(self, delta: timedelta) -> int:
        return clockwork.advance(self.services, delta, self.settle)

    def close(self) -> None:
        self.services.scheduler.shutdown()
        self.server.stop()
        self.rounds.close()
        self.connector.stop()
        self.services.database.dispose()
        self._tmp.cleanup()

    def __enter__(self) -> "LocalTeams":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def actions_in(elements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every action on a card, including those inside forms that open under it."""
    found: list[dict[str, Any]] = []
    for element in elements:
        for action in element.get("actions", []):
            found.append(action)
            if action.get("type") == "Action.ShowCard":
                found.extend(actions_in([action["card"]]))
        found.extend(actions_in(element.get("items", [])))
        found.extend(actions_in(element.get("body", [])))
    return found


def find_action(card: dict[str, Any], action_id: str) -> dict[str, Any]:
    for action in actions_in([card]):
        if action.get("type") == "Action.Execute" and action.get("verb") == action_id:
            return action
    raise AssertionError(f"no {action_id} button in: {card_text(card)}")

"""The real Rounds app on a temporary database, talking to a local fake Slack.

`rounds demo` and the tests both run Rounds through this, so they exercise the same code.
"""

import tempfile
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from bot.clock import Clock
from bot.settings import load_settings
from devtools import clockwork
from devtools.databases import migrated_sqlite
from devtools.slack.driver import Delivery, SlackDriver, install_by_oauth
from devtools.slack.fake_api import FAKE_TEAM, FakeSlack, FakeUser, FakeWorkspace
from handlers.http import HttpServer
from handlers.slack.app import build_app
from handlers.slack.listener_pool import ListenerExecutor
from handlers.slack.pacing import Pacer, compressed_rates
from handlers.web import web_wsgi
from storage.migrate import upgrade

SIGNING_SECRET = "rounds-local-signing-secret"
# The fake Slack answers at once; Slack's own limits, a hundred times faster, keep runs short.
LOCAL_PACE = 100.0
BOT_TOKEN = "xoxb-rounds-local"


class LocalRounds:
    def __init__(
        self,
        database_url: str | None = None,
        clock: Clock | None = None,
        organizers: tuple[str, ...] = (),
        **settings: Any,
    ) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="rounds-")
        self.fake = FakeSlack().start()
        self.settings = load_settings(
            **{
                "_env_file": None,
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_APP_TOKEN": None,
                "SLACK_API_URL": self.fake.api_url,
                "DATABASE_URL": database_url
                or f"sqlite:///{migrated_sqlite(Path(self._tmp.name) / 'rounds.db')}",
                "ORGANIZERS": ",".join(organizers),
                **settings,
            }
        )
        if self.settings.installs_by_oauth:
            self.fake.oauth_client = (
                self.settings.SLACK_CLIENT_ID,
                self.settings.SLACK_CLIENT_SECRET,
            )
        self.executor = ListenerExecutor(self.settings.LISTENER_THREADS)
        pacer = Pacer(compressed_rates(LOCAL_PACE))
        self.app, self.services = build_app(self.settings, clock, self.executor, pacer)
        upgrade(self.services.database)
        self.services.scheduler.start(paused=True)
        self.server = HttpServer(
            self.app,
            self.services.database,
            threads=self.settings.HTTP_THREADS,
            is_leader=lambda: self.services.scheduling.is_leader,
            metrics=self.app.metrics,
            web=web_wsgi(self.services),
        ).start()
        self.slack = SlackDriver(self.server.events_url, SIGNING_SECRET, self.fake)

    def add_user(
        self,
        user_id: str,
        real_name: str,
        tz: str = "America/New_York",
        email: str | None = None,
        team_id: str = FAKE_TEAM,
    ) -> FakeUser:
        return self.fake.add_user(
            FakeUser(user_id, real_name.lower().replace(" ", "."), real_name, tz, email, team_id)
        )

    def slack_in(self, team_id: str | None, org_wide_install: str | None = None) -> SlackDriver:
        """Slack's part for requests from one workspace (of an Enterprise Grid org)."""
        return SlackDriver(
            self.server.events_url, SIGNING_SECRET, self.fake, team_id, org_wide_install
        )

    def install(self, workspace: FakeWorkspace) -> Delivery:
        """An administrator of ``workspace`` installs Rounds: /slack/install sends them to
        Slack's consent page, they approve, and Slack redirects back with a code."""
        return install_by_oauth(self.server.url, self.fake, workspace)

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until every listener that was acked has finished its work."""
        if not self.executor.wait_idle(timeout):
            raise TimeoutError("listeners still running")

    def command(self, user_id: str, command: str, text: str = "", **kwargs: Any) -> Delivery:
        delivery = self.slack.command(user_id, command, text, **kwargs)
        self.settle()
        return delivery

    def open_home(self, user_id: str) -> Delivery:
        delivery = self.slack.event({"type": "app_home_opened", "user": user_id, "tab": "home"})
        self.settle()
        return delivery

    def run_due(self) -> int:
        """Run scheduled work that is due by the services' clock, as a leader would."""
        return clockwork.run_due(self.services, self.settle)

    def advance(self, delta: timedelta) -> int:
        """Move a FakeClock on, running what falls due on the way in order."""
        return clockwork.advance(self.services, delta, self.settle)

    def close(self) -> None:
        self.services.scheduler.shutdown()
        self.services.compute.shutdown()
        self.server.stop()
        self.executor.shutdown(wait=True)
        self.fake.stop()
        self.services.database.dispose()
        self._tmp.cleanup()

    def __enter__(self) -> "LocalRounds":
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

"""Which bot token speaks in which workspace: one token, or each installation's own.

With SLACK_BOT_TOKEN Rounds serves one workspace with one client. With SLACK_CLIENT_ID and
SLACK_CLIENT_SECRET each workspace (or Enterprise Grid organization) installs Rounds through
Bolt's OAuth flow, and its bot token is kept by slack_sdk's SQLAlchemy installation store in
the app's own database; messages, look-ups and scheduled work then use the token of the
workspace they are for, and an uninstall removes it.
"""

import threading
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    ServerErrorRetryHandler,
)
from sqlalchemy import Engine, desc, func, select

from bot.settings import Settings
from handlers.metrics import CountingRateLimitHandler, Metrics

if TYPE_CHECKING:
    # Imported only where workspaces install by OAuth: they load SQLAlchemy's asyncio too.
    from slack_bolt.oauth.oauth_settings import OAuthSettings
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# How long a person has between opening /slack/install and approving in Slack.
STATE_EXPIRES_SECONDS = 600
CACHED_CLIENTS = 1000


class NotInstalled(Exception):
    """No bot token for that workspace: Rounds was never installed there, or uninstalled."""


class WorkspaceClients(Protocol):
    def client_for(self, workspace_id: str | None) -> WebClient:
        """The client whose token speaks in ``workspace_id``; raises NotInstalled."""
        ...


def slack_client(token: str | None, base_url: str, metrics: Metrics | None = None) -> WebClient:
    """A Web API client that waits out 429s (counting them) and retries server errors and
    dropped connections."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            CountingRateLimitHandler(metrics, max_retry_count=5),
            ServerErrorRetryHandler(max_retry_count=3),
        ],
    )


class SingleWorkspace:
    """Token mode: the one workspace SLACK_BOT_TOKEN belongs to."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def client_for(self, workspace_id: str | None) -> WebClient:
        return self.client


class InstalledWorkspaces:
    """Each installation's own bot token, read from the installation store when needed, so an
    uninstall seen by any replica takes effect at once on all of them."""

    def __init__(
        self, store: "SQLAlchemyInstallationStore", base_url: str, metrics: Metrics | None = None
    ) -> None:
        self.store = store
        self.base_url = base_url
        self.metrics = metrics
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    def client_for(self, workspace_id: str | None) -> WebClient:
        token = self.bot_token(workspace_id)
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                if len(self._clients) >= CACHED_CLIENTS:
                    self._clients.clear()
                client = self._clients[token] = slack_client(token, self.base_url, self.metrics)
            return client

    def bot_token(self, workspace_id: str | None) -> str:
        """The newest bot token of the workspace, else of the one organization-wide install
        (Enterprise Grid), else, for a message naming no workspace, of the only install."""
        bots = self.store.bots.c
        installed = (bots.client_id == self.store.client_id) & bots.bot_token.is_not(None)
        newest = select(bots.bot_token).order_by(desc(bots.installed_at)).limit(1)
        with self.store.engine.connect() as connection:
            if workspace_id is not None:
                token = connection.execute(
                    newest.where(installed, bots.team_id == workspace_id)
                ).scalar()
                if token is not None:
                    return str(token)
            org_wide = installed & bots.is_enterprise_install.is_(True)
            scope = installed if workspace_id is None else org_wide
            places = connection.execute(
                select(
                    func.count(func.distinct(func.coalesce(bots.team_id, bots.enterprise_id)))
                ).where(scope)
            ).scalar()
            if places == 1:
                token = connection.execute(newest.where(scope)).scalar()
                if token is not None:
                    return str(token)
        raise NotInstalled(workspace_id or "no workspace named")


def installation_store(settings: Settings, engine: Engine) -> "SQLAlchemyInstallationStore":
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    return SQLAlchemyInstallationStore(client_id=settings.SLACK_CLIENT_ID, engine=engine)


def oauth_settings(
    settings: Settings, store: "SQLAlchemyInstallationStore", engine: Engine
) -> "OAuthSettings":
    """Bolt's install flow: /slack/install sends the installer to Slack's consent page (with a
    state kept in the database, so any replica can finish it), /slack/oauth_redirect keeps
    the workspace's bot token."""
    from slack_bolt.oauth.oauth_settings import OAuthSettings
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    return OAuthSettings(
        client_id=settings.SLACK_CLIENT_ID,
        client_secret=settings.SLACK_CLIENT_SECRET,
        scopes=list(settings.SLACK_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        install_page_rendering_enabled=False,
        authorization_url=authorization_url(settings.SLACK_API_URL),
        installation_store=store,
        installation_store_bot_only=True,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRES_SECONDS, engine=engine
        ),
    )


def authorization_url(api_url: str) -> str:
    """Slack's consent page beside its Web API (slack.com, slack-gov.com, a local fake)."""
    return api_url.rstrip("/").removesuffix("/api") + "/oauth/v2/authorize"

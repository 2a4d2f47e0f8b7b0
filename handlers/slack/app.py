"""The Bolt app: one place that builds the Slack client and registers every listener."""

import time
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.bootstrap import Services, bootstrap, foundations
from bot.clock import Clock
from bot.settings import Settings
from handlers.metrics import Metrics
from handlers.slack.channels import SlackChannelDirectory
from handlers.slack.commands import CommandRouter
from handlers.slack.errors import answer_unreadable
from handlers.slack.listener_pool import ListenerExecutor, take_turns_after_ack
from handlers.slack.listeners import (
    assessment,
    checkins,
    coffee,
    cohort,
    dedupe,
    goals,
    home,
    lasting,
    meetings,
    mentor_request,
    people,
    profile,
    reports,
    speedmentor,
)
from handlers.slack.messenger import SlackMessenger
from handlers.slack.pacing import Pacer
from handlers.slack.workspaces import (
    InstalledWorkspaces,
    SingleWorkspace,
    WorkspaceClients,
    installation_store,
    oauth_settings,
    slack_client,
)
from storage.conference import ConversationStore

NOT_INSTALLED_HERE = (
    "Rounds is no longer installed in this workspace, so it cannot answer here. "
    "An administrator can install it again from Rounds' install page."
)

# One module per concern, each with register(app, services, router); dedupe must stay first.
LISTENERS = (
    dedupe,
    people,
    home,
    profile,
    mentor_request,
    lasting,
    cohort,
    assessment,
    coffee,
    reports,
    speedmentor,
    checkins,
    goals,
    meetings,
)


class RoundsApp(App):
    """Bolt's app, timing each request from arrival to ack; HTTP and Socket Mode both
    hand every request to :meth:`dispatch`, which returns once the listener acked."""

    def __init__(self, *, metrics: Metrics, **options: Any) -> None:
        super().__init__(**options)
        self.metrics = metrics

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        started = time.perf_counter()
        response = super().dispatch(req)
        if response.status == 200:
            self.metrics.acked(req.body, time.perf_counter() - started)
        return response


def build_app(
    settings: Settings,
    clock: Clock | None = None,
    executor: ListenerExecutor | None = None,
    pacer: Pacer | None = None,
) -> tuple[RoundsApp, Services]:
    """The Bolt app and the services behind it, each workspace reached with its own token
    (SLACK_CLIENT_ID set) or the one SLACK_BOT_TOKEN; the app's ``metrics`` count what both
    do."""
    metrics = Metrics()
    base = foundations(settings, clock)
    executor = executor or ListenerExecutor(settings.LISTENER_THREADS)
    clients: WorkspaceClients
    authorization: dict[str, Any]
    if settings.installs_by_oauth:
        store = installation_store(settings, base.database.engine)
        clients = InstalledWorkspaces(store, settings.SLACK_API_URL, metrics)
        authorization = {
            "client": slack_client(None, settings.SLACK_API_URL, metrics),
            "oauth_settings": oauth_settings(settings, store, base.database.engine),
            "user_facing_authorize_error_message": NOT_INSTALLED_HERE,
        }
    else:
        client = slack_client(settings.SLACK_BOT_TOKEN, settings.SLACK_API_URL, metrics)
        clients = SingleWorkspace(client)
        authorization = {"client": client}
    messenger = SlackMessenger(clients, pacer, ConversationStore(base.database))
    services = bootstrap(base, messenger, SlackChannelDirectory(clients))
    metrics.follow(services)
    app = RoundsApp(
        metrics=metrics,
        signing_secret=settings.SLACK_SIGNING_SECRET,
        listener_executor=executor,
        # Bolt's default logger would print request bodies at DEBUG; ours never logs them.
        logger=None,
        **authorization,
    )
    if settings.installs_by_oauth:
        # app_uninstalled and tokens_revoked delete that workspace's tokens from the store.
        app.enable_token_revocation_listeners()
    app.error(answer_unreadable)
    take_turns_after_ack(app, executor)
    router = CommandRouter()
    for listener in LISTENERS:
        listener.register(app, services, router)
    router.register(app)
    return app, services

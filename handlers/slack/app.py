"""The Bolt app: one place that builds the Slack client and registers every listener."""

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.bootstrap import Services, bootstrap, foundations
from bot.clock import Clock
from bot.settings import Settings
from handlers.slack.channels import SlackChannelDirectory
from handlers.slack.commands import CommandRouter
from handlers.slack.errors import answer_unreadable
from handlers.slack.listener_pool import ListenerExecutor, take_turns_after_ack
from handlers.slack.listeners import (
    checkins,
    coffee,
    cohort,
    dedupe,
    goals,
    home,
    meetings,
    mentor_request,
    people,
    profile,
    reports,
    speedmentor,
)
from handlers.slack.messenger import SlackMessenger
from handlers.slack.pacing import Pacer

# One module per concern, each with register(app, services, router); dedupe must stay first.
LISTENERS = (
    dedupe,
    people,
    home,
    profile,
    mentor_request,
    cohort,
    coffee,
    reports,
    speedmentor,
    checkins,
    goals,
    meetings,
)


def slack_client(token: str, base_url: str) -> WebClient:
    """A Web API client that waits out 429s and retries server errors and dropped connections."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=15,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=5),
            ServerErrorRetryHandler(max_retry_count=3),
        ],
    )


def build_app(
    settings: Settings,
    clock: Clock | None = None,
    executor: ListenerExecutor | None = None,
    pacer: Pacer | None = None,
) -> tuple[App, Services]:
    """The Bolt app and the services behind it, wired to one Slack client."""
    client = slack_client(settings.SLACK_BOT_TOKEN, settings.SLACK_API_URL)
    messenger = SlackMessenger(client, pacer)
    services = bootstrap(foundations(settings, clock), messenger, SlackChannelDirectory(client))
    executor = executor or ListenerExecutor(settings.LISTENER_THREADS)
    app = App(
        client=client,
        signing_secret=settings.SLACK_SIGNING_SECRET,
        listener_executor=executor,
        # Bolt's default logger would print request bodies at DEBUG; ours never logs them.
        logger=None,
    )
    app.error(answer_unreadable)
    take_turns_after_ack(app, executor)
    router = CommandRouter()
    for listener in LISTENERS:
        listener.register(app, services, router)
    router.register(app)
    return app, services

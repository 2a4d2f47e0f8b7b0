"""The Bolt app: one place that builds the Slack client and registers every listener."""

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

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
from handlers.slack.listeners import (
    checkins,
    coffee,
    cohort,
    dedupe,
    goals,
    home,
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
)

P = ParamSpec("P")
T = TypeVar("T")


class ListenerExecutor(ThreadPoolExecutor):
    """Runs listeners after their ack, and can tell when all of them have finished."""

    def __init__(self, max_workers: int = 8) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="listener")
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)


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
    app = App(
        client=client,
        signing_secret=settings.SLACK_SIGNING_SECRET,
        listener_executor=executor or ListenerExecutor(settings.LISTENER_THREADS),
        # Bolt's default logger would print request bodies at DEBUG; ours never logs them.
        logger=None,
    )
    app.error(answer_unreadable)
    router = CommandRouter()
    for listener in LISTENERS:
        listener.register(app, services, router)
    router.register(app)
    return app, services

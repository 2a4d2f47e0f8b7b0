"""Prometheus metrics, one registry per app so two apps in one process (tests) never mix.

Counters and histograms move as things happen (acks, deliveries, 429s, scheduled runs);
the leader flag and the outbox's backlog are read when Prometheus scrapes.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, timedelta
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
)
from prometheus_client import generate_latest as render
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.clock import Clock
from bot.outbox import Delivery
from bot.scheduling import RunOutcome
from storage.db import Database
from storage.prompts import PromptRepository

if TYPE_CHECKING:
    from bot.bootstrap import Services

CONTENT_TYPE = CONTENT_TYPE_LATEST
# Slack wants an ack within 3 s: the buckets are finest below that.
ACK_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
LAG_BUCKETS = (0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
KNOWN_COMMANDS = frozenset({"/mentor", "/coffee", "/speedmentor"})

# A `_created` timestamp beside every counter doubles the series and tells nothing the
# process start time does not.
disable_created_metrics()  # type: ignore[no-untyped-call]


def request_kind(body: dict[str, Any]) -> tuple[str, str]:
    """The (kind, command) labels of a Slack request; bounded, whatever the payload says."""
    if "command" in body:
        command = str(body["command"])
        return "command", command if command in KNOWN_COMMANDS else "other"
    kind = str(body.get("type") or "unknown")
    if kind == "event_callback":
        event = body.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        return "event", str(event_type or "unknown")[:40]
    return kind[:40], ""


class Metrics:
    """Every figure Rounds exposes; ``README.md#metrics`` says what each one means."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        self.acks = Counter(
            "rounds_acks",
            "Slack requests acked, by kind (command, event, block_actions, view_submission...) "
            "and command.",
            ["kind", "command"],
            registry=self.registry,
        )
        self.ack_seconds = Histogram(
            "rounds_ack_seconds",
            "Seconds from receiving a Slack request to acking it.",
            ["kind"],
            buckets=ACK_BUCKETS,
            registry=self.registry,
        )
        self.deliveries = Counter(
            "rounds_outbox_deliveries",
            "Outbox delivery attempts, by result (sent, deferred, skipped, failed, not_ready).",
            ["result"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "rounds_slack_rate_limited",
            "HTTP 429 answers from the Slack Web API, by method.",
            ["method"],
            registry=self.registry,
        )
        self.scheduler_lag = Histogram(
            "rounds_scheduler_lag_seconds",
            "Seconds between when a scheduled job was due and when it started.",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.scheduler_runs = Counter(
            "rounds_scheduler_runs",
            "Scheduled job runs, by outcome (ran, failed, missed).",
            ["outcome"],
            registry=self.registry,
        )
        for result in Delivery:
            self.deliveries.labels(result.value)
        for outcome in RunOutcome:
            self.scheduler_runs.labels(outcome.value)

    def follow(self, services: "Services") -> None:
        """Count the outbox's deliveries and the scheduler's runs, and read leadership and the
        outbox's backlog at each scrape: what every platform's app exposes."""
        services.outbox.observe(self.delivered)
        services.scheduler.observe(self)
        self.registry.register(
            _StateCollector(
                services.database, services.clock, lambda: services.scheduling.is_leader
            )
        )

    def watch_queue(self, depth: Callable[[], int]) -> None:
        """Expose how many HTTP requests wait for a server thread."""
        self.registry.register(_QueueCollector(depth))

    def acked(self, body: dict[str, Any], seconds: float) -> None:
        kind, command = request_kind(body)
        self.acks.labels(kind, command).inc()
        self.ack_seconds.labels(kind).observe(seconds)

    def delivered(self, result: Delivery) -> None:
        self.deliveries.labels(result.value).inc()

    def job_started(self, lag: timedelta) -> None:
        self.scheduler_lag.observe(max(lag.total_seconds(), 0.0))

    def job_finished(self, outcome: RunOutcome) -> None:
        self.scheduler_runs.labels(outcome.value).inc()

    def scrape(self) -> bytes:
        return render(self.registry)


class CountingRateLimitHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler (waits out Retry-After), counting every 429 it sees."""

    def __init__(self, metrics: Metrics | None, max_retry_count: int = 5) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._metrics = metrics

    def can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if self._metrics is not None and response is not None and response.status_code == 429:
            method = request.url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
            self._metrics.rate_limited.labels(method[:60]).inc()
        allowed: bool = super().can_retry(
            state=state, request=request, response=response, error=error
        )
        return allowed


class _StateCollector(Collector):
    def __init__(self, database: Database, clock: Clock, is_leader: Callable[[], bool]) -> None:
        self._database = database
        self._clock = clock
        self._is_leader = is_leader

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "rounds_scheduler_leader",
            "1 while this replica runs scheduled work (the leader), else 0.",
            value=1.0 if self._is_leader() else 0.0,
        )
        now = self._clock.now()
        try:
            with self._database.read() as session:
                depth, oldest = PromptRepository(session).pending_due(now)
        except Exception:
            return  # /readyz reports the database; a scrape still shows everything else
        yield GaugeMetricFamily(
            "rounds_outbox_due", "Outbox messages due and not yet sent.", value=depth
        )
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "rounds_outbox_oldest_due_seconds",
            "How long the oldest due, unsent outbox message has waited.",
            value=max(age, 0.0),
        )


class _QueueCollector(Collector):
    def __init__(self, depth: Callable[[], int]) -> None:
        self._depth = depth

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "rounds_http_queued_requests",
            "HTTP requests waiting for a free server thread (HTTP_THREADS).",
            value=self._depth(),
        )

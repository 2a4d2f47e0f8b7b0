"""Prometheus metrics read at scrape time: scheduler leadership and the outbox's due rows."""

from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from bot.bootstrap import Services
from storage.prompts import PromptRepository


class RoundsCollector(Collector):
    """Leader status and outbox depth and age, queried when Prometheus scrapes."""

    def __init__(self, services: Services) -> None:
        self._services = services

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "rounds_scheduler_leader",
            "1 while this replica is the scheduling leader, else 0.",
            value=1.0 if self._services.scheduling.is_leader else 0.0,
        )
        now = datetime.now(UTC)
        with self._services.database.read() as session:
            depth, oldest = PromptRepository(session).pending_due(now)
        yield GaugeMetricFamily(
            "rounds_outbox_due_rows", "Outbox rows due and not yet sent.", value=depth
        )
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "rounds_outbox_oldest_due_seconds",
            "How long the oldest due outbox row has waited.",
            value=max(age, 0.0),
        )


def metrics_registry(services: Services) -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(RoundsCollector(services))
    return registry


def scrape(registry: CollectorRegistry) -> bytes:
    return generate_latest(registry)

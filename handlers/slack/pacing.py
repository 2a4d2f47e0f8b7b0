"""Pacing Web API calls within Slack's rate limits, so that 429s stay rare.

Each method gets one or more token buckets (per workspace, or per channel for limits Slack
counts per conversation). A caller reserves its slot under a lock and then sleeps outside it,
so many threads can wait at once and each still leaves at its own reserved instant.
"""

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """``per_second`` sustained, ``burst`` at once; counted per channel when ``per_channel``."""

    per_second: float
    burst: int = 1
    per_channel: bool = False

    def scaled(self, factor: float) -> "Rate":
        return Rate(self.per_second * factor, self.burst, self.per_channel)


# https://api.slack.com/apis/rate-limits: Tier 3 is 50+ calls a minute, Tier 4 100+;
# chat.postMessage allows about one message a second per conversation, with short bursts,
# and a workspace-wide ceiling of several hundred a minute.
SLACK_RATES: dict[str, tuple[Rate, ...]] = {
    "conversations.open": (Rate(50 / 60, burst=10),),
    "chat.postMessage": (Rate(1.0, burst=3, per_channel=True), Rate(5.0, burst=20)),
    "chat.update": (Rate(50 / 60, burst=10),),
}


def compressed_rates(factor: float) -> dict[str, tuple[Rate, ...]]:
    """Slack's limits with time compressed, for a local fake Slack that runs on a fast clock."""
    return {
        method: tuple(rate.scaled(factor) for rate in rates)
        for method, rates in SLACK_RATES.items()
    }


Sleep = Callable[[float], None]
Now = Callable[[], float]
_FORGET_AFTER_SECONDS = 300.0


class Pacer:
    def __init__(
        self,
        rates: Mapping[str, tuple[Rate, ...]] | None = None,
        *,
        now: Now = time.monotonic,
        sleep: Sleep = time.sleep,
    ) -> None:
        self.rates = dict(SLACK_RATES if rates is None else rates)
        self._now = now
        self._sleep = sleep
        self._lock = threading.Lock()
        # Per bucket, the instant from which the bucket is empty again ("theoretical arrival").
        self._full_at: dict[tuple[str, int, str], float] = {}
        self._last_pruned = now()
        self.waited_seconds = 0.0

    def wait(self, method: str, channel: str = "") -> float:
        """Block until a call to ``method`` (in ``channel``) fits every limit; returns the wait."""
        rates = self.rates.get(method, ())
        if not rates:
            return 0.0
        with self._lock:
            now = self._now()
            start = now
            keys = [
                (method, index, channel if rate.per_channel else "")
                for index, rate in enumerate(rates)
            ]
            for key, rate in zip(keys, rates, strict=True):
                interval = 1.0 / rate.per_second
                full_at = max(self._full_at.get(key, now), now)
                start = max(start, full_at - (rate.burst - 1) * interval)
            for key, rate in zip(keys, rates, strict=True):
                interval = 1.0 / rate.per_second
                self._full_at[key] = max(self._full_at.get(key, start), start) + interval
            self._prune(now)
            delay = start - now
            self.waited_seconds += delay
        if delay > 0:
            self._sleep(delay)
        return delay

    def _prune(self, now: float) -> None:
        if now - self._last_pruned < _FORGET_AFTER_SECONDS:
            return
        self._last_pruned = now
        for key in [key for key, full_at in self._full_at.items() if full_at < now]:
            del self._full_at[key]

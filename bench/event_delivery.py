"""When does the last round-1 seat reach its reader? Slack's real limits, simulated time.

    uv run python bench/event_delivery.py [--participants 500 1000] [--lead-minutes 5]

An event is published (or its check-in closes) ``--lead-minutes`` before round 1. Every
participant (mentees, and one expert per five of them) is then owed one DM holding their whole
evening's seats, round 1's included; when round 1 starts each gets a short ping too.

The real ``SlackMessenger`` sends every message, through the real ``Pacer``, to a simulated
Slack that answers at once and enforces the limits below, on a virtual clock that only the
pacer's waits move (so the figures are Slack's limits, not this machine's speed). The outbox
has 8 sending threads and Slack answers in well under a second, so the limits, not the
threads, bound throughput; each delivery is counted as done LATENCY after its slot.

Slack's documented limits (docs.slack.dev, "Rate limits" and chat.postMessage), as assumed:
- chat.postMessage: "generally allows posting one message per second per channel", short
  bursts above one allowed, "while also maintaining a workspace-wide limit" whose number
  Slack does not publish; assumed here as Rounds' pacer does: 300 a minute, bursts of 20
  (rerun with --workspace-per-minute to see a stricter workspace).
- conversations.open: Tier 3, "50+ per minute", sporadic bursts welcome: 50 a minute, burst 10.
- chat.postMessage accepts a user id as its channel and posts in the app's DM with that
  person, so a one-to-one DM needs no conversations.open at all.

Printed for each size: the old path (conversations.open per person, as after a restart with
the process cache lost) and the path Rounds takes now (post to the user id), each with the
minutes from publishing to the last round-1 seat delivered, whether that is before round 1
starts, and how long after round 1 starts its last short ping lands.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from bot.identity import PersonRef
from bot.replies import paragraph, reply
from handlers.slack.messenger import SlackMessenger
from handlers.slack.pacing import SLACK_RATES, Pacer, Rate

LATENCY = 0.15
MENTEES_PER_EXPERT = 5
TEAM = "T0BENCH"


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)


class SimulatedSlack:
    """Answers chat.postMessage and conversations.open at once; counts calls past a limit."""

    def __init__(self, clock: VirtualClock, rates: dict[str, tuple[Rate, ...]]) -> None:
        self.clock = clock
        self.rates = rates
        self.calls: dict[str, int] = defaultdict(int)
        self.over_limit = 0
        self._allowance: dict[tuple[str, int, str], tuple[float, float]] = {}
        self._dms: dict[str, str] = {}

    def _admit(self, method: str, channel: str) -> None:
        self.calls[method] += 1
        now = self.clock.time()
        for index, rate in enumerate(self.rates[method]):
            key = (method, index, channel if rate.per_channel else "")
            tokens, at = self._allowance.get(key, (float(rate.burst), now))
            tokens = min(float(rate.burst), tokens + (now - at) * rate.per_second)
            if tokens < 1 - 1e-9:
                self.over_limit += 1
            self._allowance[key] = (max(0.0, tokens - 1), now)

    def _dm(self, users: str) -> str:
        return self._dms.setdefault(users, f"D{len(self._dms):08d}")

    def conversations_open(self, users: str) -> dict[str, Any]:
        self._admit("conversations.open", "")
        return {"channel": {"id": self._dm(users)}}

    def chat_postMessage(self, channel: str, **_: Any) -> dict[str, Any]:
        resolved = self._dm(channel) if channel.startswith("U") else channel
        self._admit("chat.postMessage", resolved)
        return {"channel": resolved, "ts": f"{self.clock.time():.6f}"}


@dataclass(frozen=True)
class Run:
    path: str
    participants: int
    seats_done: float
    pings_done: float
    over_limit: int
    opens: int


def deliver(participants: int, lead: float, old_path: bool, rates: dict[str, Any]) -> Run:
    clock = VirtualClock()
    slack = SimulatedSlack(clock, rates)
    pacer = Pacer(rates, now=clock.time, sleep=clock.sleep)
    messenger = SlackMessenger(slack, pacer)  # type: ignore[arg-type]
    people = [PersonRef.slack(TEAM, f"U{n:08d}") for n in range(participants)]
    seats = reply(paragraph("Your seats, round by round: ..."), summary="Your seats")
    ping = reply(paragraph("Round 1 of 6 — table 12: Dr. Xu"), summary="Round 1")

    def send(person: PersonRef, message: Any) -> float:
        if old_path:
            messenger._send_to(TEAM, [person.user_id], message)
        else:
            messenger.send_direct(person, message)
        return clock.time() + LATENCY

    seats_done = max(send(person, seats) for person in people)
    clock.now = max(clock.now, lead)
    messenger.send_channel("C0ROOM", reply(paragraph("Round 1: tables"), summary="Round 1"))
    pings_done = max(send(person, ping) for person in people) - lead
    return Run(
        "open per person (old)" if old_path else "post to user id (now)",
        participants,
        seats_done,
        pings_done,
        slack.over_limit,
        slack.calls["conversations.open"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, nargs="+", default=[500, 1000])
    parser.add_argument("--lead-minutes", type=float, default=5.0)
    parser.add_argument("--workspace-per-minute", type=float, default=300.0)
    args = parser.parse_args()
    channel_rate, _ = SLACK_RATES["chat.postMessage"]
    rates = {
        **SLACK_RATES,
        "chat.postMessage": (channel_rate, Rate(args.workspace_per_minute / 60, burst=20)),
    }
    lead = args.lead_minutes * 60
    print(
        f"Published {args.lead_minutes:g} min before round 1; chat.postMessage 1/s per DM "
        f"(burst 3) and {args.workspace_per_minute:g}/min per workspace (burst 20); "
        "conversations.open 50/min (burst 10); virtual time."
    )
    header = (
        f"{'mentees+experts':>15}  {'path':<22} {'opens':>6} {'last seat at':>13} "
        f"{'before round 1':>15} {'last ping after start':>22} {'over limit':>10}"
    )
    print(header)
    for count in args.participants:
        total = count + count // MENTEES_PER_EXPERT
        for old in (True, False):
            run = deliver(total, lead, old, rates)
            before = run.seats_done <= lead
            print(
                f"{f'{count}+{total - count}':>15}  {run.path:<22} {run.opens:>6} "
                f"{run.seats_done / 60:>9.1f} min {('yes' if before else 'NO'):>15} "
                f"{run.pings_done / 60:>18.1f} min {run.over_limit:>10}"
            )


if __name__ == "__main__":
    main()

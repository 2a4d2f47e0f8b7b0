"""/metrics, scraped over HTTP after real requests, rate limits, deliveries and scheduled runs."""

from datetime import timedelta
from urllib.request import urlopen

from prometheus_client.parser import text_string_to_metric_families

from bot.clock import FakeClock
from bot.identity import PersonRef
from bot.outbox import Urgency, direct
from bot.replies import paragraph, reply
from bot.scheduling import register_task, unregister_task
from devtools.slack.harness import LocalRounds

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(rounds: LocalRounds) -> Samples:
    with urlopen(rounds.server.url + "/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_acks_are_counted_by_command_and_timed(rounds: LocalRounds) -> None:
    before = scrape(rounds)

    rounds.command("U0ANA", "/mentor", "help")
    rounds.command("U0ANA", "/mentor", "tips")
    rounds.open_home("U0ANA")
    after = scrape(rounds)

    mentor = {"kind": "command", "command": "/mentor"}
    assert (
        value(after, "rounds_acks_total", **mentor) - value(before, "rounds_acks_total", **mentor)
        == 2
    )
    assert value(after, "rounds_acks_total", kind="event", command="app_home_opened") == 1
    assert value(after, "rounds_ack_seconds_count", kind="command") == 2
    assert 0 < value(after, "rounds_ack_seconds_sum", kind="command") < 3
    assert value(after, "rounds_ack_seconds_bucket", kind="command", le="3.0") == 2


def test_an_unsigned_request_is_not_counted_as_an_ack(rounds: LocalRounds) -> None:
    rounds.slack.post(
        "command=/mentor&text=help", "application/x-www-form-urlencoded", signature="v0=" + "0" * 64
    )

    assert value(scrape(rounds), "rounds_acks_total", kind="command", command="/mentor") == 0


def test_rate_limits_deliveries_and_the_outbox_backlog_show(
    rounds: LocalRounds, retry_waits: list[float]
) -> None:
    # Six 429s in a row outlast the client's five retries: the outbox defers the message.
    rounds.fake.rate_limit("chat.postMessage", retry_after=1, times=6)
    with rounds.services.database.write() as session:
        rounds.services.outbox.post(
            session,
            direct(
                "news", PersonRef.slack("T0DEMO", "U0ANA"), reply(paragraph("Hello")), Urgency.NOW
            ),
        )
    rounds.settle()
    deferred = scrape(rounds)

    clock = rounds.services.clock
    assert isinstance(clock, FakeClock)
    clock.set(clock.now() + timedelta(minutes=10))
    waiting = scrape(rounds)
    rounds.run_due()
    sent = scrape(rounds)

    assert value(deferred, "rounds_slack_rate_limited_total", method="chat.postMessage") == 6
    assert value(deferred, "rounds_outbox_deliveries_total", result="deferred") == 1
    assert value(waiting, "rounds_outbox_due") == 1
    assert 9 * 60 < value(waiting, "rounds_outbox_oldest_due_seconds") <= 10 * 60
    assert value(sent, "rounds_outbox_deliveries_total", result="sent") == 1
    assert value(sent, "rounds_outbox_due") == 0
    assert len(rounds.fake.direct_messages("U0ANA")) == 1


def test_scheduler_lag_and_runs_and_leadership_show(rounds: LocalRounds) -> None:
    ran: list[int] = []
    register_task("metrics-test.job", lambda n: ran.append(n))
    try:
        now = rounds.services.clock.now()
        rounds.services.scheduler.schedule_once(
            "metrics-test:late", "metrics-test.job", now - timedelta(seconds=90), (1,)
        )
        rounds.run_due()
    finally:
        unregister_task("metrics-test.job")
    samples = scrape(rounds)

    assert ran == [1]
    assert value(samples, "rounds_scheduler_runs_total", outcome="ran") >= 1
    assert value(samples, "rounds_scheduler_lag_seconds_count") >= 1
    assert value(samples, "rounds_scheduler_lag_seconds_sum") >= 90
    assert value(samples, "rounds_scheduler_lag_seconds_bucket", le="60.0") < value(
        samples, "rounds_scheduler_lag_seconds_count"
    )
    # The harness never campaigns for leadership: a follower says so.
    assert value(samples, "rounds_scheduler_leader") == 0


def test_two_apps_in_one_process_keep_their_own_figures(rounds: LocalRounds) -> None:
    with LocalRounds() as other:
        other.add_user("U0ANA", "Ana Ruiz")
        other.command("U0ANA", "/mentor", "help")

        assert value(scrape(other), "rounds_acks_total", kind="command", command="/mentor") == 1
    assert value(scrape(rounds), "rounds_acks_total", kind="command", command="/mentor") == 0

import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bot.clock import SystemClock
from bot.deliveries import Deliveries
from devtools.slack.harness import LocalRounds
from storage.db import Database

HELP = urlencode({"command": "/mentor", "text": "help", "team_id": "T0DEMO", "user_id": "U0ANA"})
FORM = "application/x-www-form-urlencoded"


def test_a_request_with_a_bad_signature_is_refused(rounds: LocalRounds) -> None:
    delivery = rounds.slack.post(HELP, FORM, signature="v0=" + "0" * 64)

    assert delivery.status == 401


def test_a_request_signed_five_minutes_ago_is_refused(rounds: LocalRounds) -> None:
    delivery = rounds.slack.post(HELP, FORM, age_seconds=5 * 60 + 1)

    assert delivery.status == 401


def test_a_freshly_signed_request_is_answered(rounds: LocalRounds) -> None:
    assert rounds.slack.post(HELP, FORM).status == 200


def test_a_retried_event_is_processed_once(rounds: LocalRounds) -> None:
    home_opened = {"type": "app_home_opened", "user": "U0ANA", "tab": "home"}

    first = rounds.slack.event(home_opened, event_id="Ev0001")
    rounds.settle()
    retry = rounds.slack.event(home_opened, event_id="Ev0001", retry_num=1)
    rounds.settle()

    assert (first.status, retry.status) == (200, 200)
    assert len(rounds.fake.calls_to("views.publish")) == 1


def test_distinct_events_are_each_processed(rounds: LocalRounds) -> None:
    home_opened = {"type": "app_home_opened", "user": "U0ANA", "tab": "home"}

    rounds.slack.event(home_opened, event_id="Ev0001")
    rounds.slack.event(home_opened, event_id="Ev0002")
    rounds.settle()

    assert len(rounds.fake.calls_to("views.publish")) == 2


def test_health_check_reports_the_database(rounds: LocalRounds) -> None:
    from urllib.request import urlopen

    with urlopen(rounds.server.url + "/healthz", timeout=5) as response:
        assert (response.status, response.read()) == (200, b"ok\n")


def test_readiness_reports_the_database_and_leadership(rounds: LocalRounds) -> None:
    import json
    from urllib.request import urlopen

    with urlopen(rounds.server.url + "/readyz", timeout=5) as response:
        body = json.loads(response.read())
    assert body["ready"] is True and body["database"] is True
    assert "scheduler_leader" in body


def test_an_event_is_acked_while_another_writer_holds_the_database(rounds: LocalRounds) -> None:
    home_opened = {"type": "app_home_opened", "user": "U0ANA", "tab": "home"}
    writing, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with rounds.services.database.write() as session:
            session.connection()  # takes the write lock
            writing.set()
            release.wait(10)

    writer = threading.Thread(target=long_write)
    writer.start()
    writing.wait(5)
    started = time.monotonic()
    delivery = rounds.slack.event(home_opened, event_id="Ev0001")
    acked_in = time.monotonic() - started
    release.set()
    writer.join()
    rounds.settle()

    assert delivery.status == 200 and acked_in < 1.0
    assert len(rounds.fake.calls_to("views.publish")) == 1


def test_a_retry_that_reaches_another_replica_is_dropped(tmp_path: Path) -> None:
    shared = f"sqlite:///{tmp_path / 'rounds.db'}"
    home_opened = {"type": "app_home_opened", "user": "U0ANA", "tab": "home"}
    with LocalRounds(shared) as first, LocalRounds(shared) as second:
        for replica in (first, second):
            replica.add_user("U0ANA", "Ana Ruiz")
        first.slack.event(home_opened, event_id="Ev0001")
        first.settle()
        retry = second.slack.event(home_opened, event_id="Ev0001", retry_num=1)
        second.settle()

        assert retry.status == 200
        published = first.fake.calls_to("views.publish") + second.fake.calls_to("views.publish")
        assert len(published) == 1


def test_an_event_the_database_cannot_record_is_still_handled(tmp_path: Path) -> None:
    unreachable = Database(f"sqlite:///{tmp_path / 'missing' / 'rounds.db'}")
    deliveries = Deliveries(unreachable, SystemClock())

    assert deliveries.first_delivery("Ev0001")

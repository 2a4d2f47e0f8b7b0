import threading

from slack_bolt import Ack

from devtools.slack.harness import LocalRounds
from devtools.slack.textview import blocks_text


def test_help_is_answered_while_earlier_requests_work_takes_every_listener_thread() -> None:
    release = threading.Event()
    working: list[str] = []
    with LocalRounds(LISTENER_THREADS=1) as rounds:

        @rounds.app.action("slow.work")
        def slow_work(ack: Ack, body: dict[str, str]) -> None:
            ack()
            working.append("started")
            release.wait(10)

        first = rounds.slack.click("U0ANA", "slow.work")
        second = rounds.slack.click("U0BEN", "slow.work")
        help_page = rounds.slack.command("U0CAM", "/mentor", "help")

        assert [first.status, second.status, help_page.status] == [200, 200, 200]
        assert "/mentor help" in blocks_text(help_page.json()["blocks"])
        assert working == ["started"], "work after the ack still goes one at a time"
        release.set()
        rounds.settle()
        assert working == ["started", "started"]

import io
import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from devtools.slack.harness import LocalRounds
from handlers.logs import NOISY, QUEUE_LOGGER, RedactSecrets, configure_logging


def test_tokens_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("rounds.test")
    logger.addFilter(RedactSecrets())

    with caplog.at_level(logging.INFO):
        logger.info("calling with %s and %s", "xoxb-123-456-abcdef", "xapp-1-A1-99-ff")

    assert "xoxb-" not in caplog.text and "xapp-" not in caplog.text
    assert "[redacted]" in caplog.text


@pytest.fixture
def log_lines() -> Iterator[Callable[[str, str], io.StringIO]]:
    """Configure Rounds' logging into a buffer; the test runner's own logging comes back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in (*NOISY, QUEUE_LOGGER)}

    def configure(level_name: str, log_format: str) -> io.StringIO:
        buffer = io.StringIO()
        configure_logging(level_name, log_format, stream=buffer)
        return buffer

    yield configure
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in levels.items():
        logging.getLogger(name).setLevel(saved)


def test_json_logs_are_one_object_a_line_without_tokens_or_exception_text(
    log_lines: Callable[[str, str], io.StringIO],
) -> None:
    buffer = log_lines("INFO", "json")
    logger = logging.getLogger("rounds.test")

    logger.info("calling with %s", "xoxb-123-456-abcdef")
    try:
        raise ValueError("the goal was: fellowship in pediatric cardiology")
    except ValueError:
        logger.exception("a listener failed")

    first, second = (json.loads(line) for line in buffer.getvalue().splitlines())
    assert first["level"] == "INFO" and first["logger"] == "rounds.test"
    assert first["message"] == "calling with [redacted]"
    assert second["message"] == "a listener failed" and second["error"] == "ValueError"
    assert any("test_logging.py" in frame for frame in second["stack"])
    assert "pediatric cardiology" not in buffer.getvalue()


def test_what_people_type_never_reaches_the_logs_even_at_debug(
    rounds: LocalRounds, log_lines: Callable[[str, str], io.StringIO]
) -> None:
    buffer = log_lines("DEBUG", "json")

    rounds.command("U0ANA", "/mentor", "help with a zebrafish fellowship")
    rounds.command("U0ANA", "/mentor", "help")

    lines = buffer.getvalue().splitlines()
    assert all(json.loads(line) for line in lines)
    assert "zebrafish" not in buffer.getvalue()
    assert rounds.settings.SLACK_BOT_TOKEN not in buffer.getvalue()


def test_requests_queued_behind_busy_threads_log_no_warning_each(
    log_lines: Callable[[str, str], io.StringIO],
) -> None:
    buffer = log_lines("INFO", "text")
    with LocalRounds(HTTP_THREADS=1) as rounds:
        rounds.add_user("U0ANA", "Ana Ruiz")
        with ThreadPoolExecutor(12) as pool:
            statuses = list(
                pool.map(
                    lambda _: rounds.slack.command("U0ANA", "/mentor", "help").status, range(24)
                )
            )
        rounds.settle()

    assert statuses == [200] * 24
    assert "Task queue depth" not in buffer.getvalue()

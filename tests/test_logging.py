import logging

import pytest

from handlers.logs import RedactSecrets


def test_tokens_never_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("rounds.test")
    logger.addFilter(RedactSecrets())

    with caplog.at_level(logging.INFO):
        logger.info("calling with %s and %s", "xoxb-123-456-abcdef", "xapp-1-A1-99-ff")

    assert "xoxb-" not in caplog.text and "xapp-" not in caplog.text
    assert "[redacted]" in caplog.text

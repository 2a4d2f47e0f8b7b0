"""Logging that never carries tokens or what people wrote."""

import logging
import re

SECRET = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{12,}")


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET.search(message):
            record.msg = SECRET.sub("[redacted]", message)
            record.args = None
        return True


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # These libraries log request and response bodies at DEBUG, which hold message text.
    for noisy in ("slack_bolt", "slack_sdk", "urllib3", "waitress.queue", "apscheduler.executors"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))

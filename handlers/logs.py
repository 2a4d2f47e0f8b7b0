"""Logging that never carries tokens or what people wrote, as text lines or JSON lines."""

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from typing import IO

SECRET = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{12,}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# These libraries log request and response bodies at DEBUG, which hold message text.
NOISY = ("slack_bolt", "slack_sdk", "urllib3", "apscheduler.executors")
# Waitress warns once per request queued behind busy threads; the rounds_http_queued_requests
# metric shows the same without a line per request under load.
QUEUE_LOGGER = "waitress.queue"


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET.search(message):
            record.msg = SECRET.sub("[redacted]", message)
            record.args = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, thread.

    An exception is given by its type and the frames it passed (file, line, function) only:
    its message can quote a payload (a Slack error echoing a request, a database error
    quoting a row), so it is left out.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": SECRET.sub("[redacted]", record.getMessage()),
            "thread": record.threadName,
        }
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(record.exc_info[2])
            ]
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, log_format: str = "text", stream: IO[str] | None = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(
        JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    )
    handler.addFilter(RedactSecrets())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLevelName(level)))
    logging.getLogger(QUEUE_LOGGER).setLevel(logging.ERROR)

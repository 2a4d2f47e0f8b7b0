"""Scheduled-job probes for replica tests: each run notes which process ran it."""

import os


def record_run(path: str) -> None:
    """Append this process's id to ``path``: one line per run of the job."""
    with open(path, "a", encoding="utf-8") as runs:
        runs.write(f"{os.getpid()}\n")

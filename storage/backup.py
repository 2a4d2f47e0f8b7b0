"""An online backup of a SQLite database: consistent even while Rounds writes to it.

Copying the file is not a backup under WAL: recent commits live in ``rounds.db-wal`` until a
checkpoint, so a copy of ``rounds.db`` alone misses them (or catches a page half-written).
SQLite's backup API copies every committed page, WAL included, as of one moment.
"""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.db import backend_name


class BackupRefused(Exception):
    """Raised with a message meant for the operator."""


def sqlite_file(url: str) -> Path:
    """The file a sqlite URL names; BackupRefused for anything else."""
    if backend_name(url) != "sqlite":
        raise BackupRefused(
            "rounds backup copies SQLite databases; for PostgreSQL use pg_dump "
            "(see README.md#backup-and-restore)."
        )
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupRefused("DATABASE_URL names no SQLite file to back up.")
    return Path(database)


def backup_sqlite(url: str, destination: Path) -> int:
    """Copy the database at ``url`` to the new file ``destination``; returns its page count.

    The copy is a single self-contained file (rollback journal, not WAL), checked for
    integrity before this returns.
    """
    source_path = sqlite_file(url)
    if not source_path.exists():
        raise BackupRefused(f"There is no database at {source_path}.")
    if destination.exists():
        raise BackupRefused(f"{destination} exists already; choose a new file name.")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        (check,) = target.execute("PRAGMA integrity_check").fetchone()
        (pages,) = target.execute("PRAGMA page_count").fetchone()
    finally:
        target.close()
        source.close()
    if check != "ok":
        destination.unlink()
        raise BackupRefused(f"The copy failed SQLite's integrity check: {check}")
    return int(pages)

"""SQLite: an online snapshot with SQLite's backup API, its row counts, and restore."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

METHOD = "sqlite-backup-api"
PAYLOAD = "database.sqlite3"
#: Seconds a snapshot or restore waits for a writer's lock (as the web server's busy timeout).
BUSY_TIMEOUT = 30


def snapshot(database: Path, target: Path) -> None:
    """Copy ``database`` into ``target`` with SQLite's online backup API.

    The copy is made in one step (``pages=-1``) under a single read transaction, so it is the
    database as of one commit even while the server writes (the WAL journal lets it go on).
    """
    with (
        closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT)) as source,
        closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy, pages=-1)
        # A self-contained file: no -wal/-shm companions to carry around.
        copy.execute("PRAGMA journal_mode=DELETE")


def table_counts(database: Path) -> dict[str, int]:
    """Row count of every table of ``database`` (SQLite's own bookkeeping tables left out)."""
    uri = f"{Path(database).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def usernames(database: Path, *, active_only: bool = True) -> set[str]:
    """The account names in the snapshot ``database`` (to check ``--as`` before a restore)."""
    uri = f"{Path(database).resolve().as_uri()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as conn:
        sql = "SELECT username FROM auth_user" + (" WHERE is_active" if active_only else "")
        try:
            return {row[0] for row in conn.execute(sql)}
        except sqlite3.OperationalError:
            return set()


def restore(payload: Path, database: Path) -> None:
    """Copy the snapshot ``payload`` into the (empty) database file ``database``."""
    database.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(payload)) as source,
        closing(sqlite3.connect(database, timeout=BUSY_TIMEOUT)) as target,
    ):
        source.backup(target, pages=-1)

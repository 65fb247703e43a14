"""Every row of every table of a SQLite file or PostgreSQL database, read without Django.

Used by :mod:`tests.project.test_backup` to compare a restored database with the original
through the database driver alone, so that nothing of the code under test is trusted.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlparse


def _key(row: tuple) -> tuple:
    """Order rows by their first column (the primary key of every Django table), numbers as numbers."""
    first = row[0] if row else None
    return (0, first, repr(row)) if isinstance(first, int) else (1, repr(first), repr(row))


def sqlite_tables(path) -> dict[str, list[tuple]]:
    if not Path(path).exists():
        return {}
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=_key) for n in names}


def postgres_connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlparse(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or (parts.path or "/postgres").lstrip("/") or "postgres",
        autocommit=True,
    )


def postgres_tables(url: str) -> dict[str, list[tuple]]:
    with postgres_connect(url) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=_key) for n in names}


def tables(url: str) -> dict[str, list[tuple]]:
    """Rows of every table of the database at ``url`` (``sqlite:///path`` or ``postgres://...``)."""
    if url.startswith("sqlite:///"):
        return sqlite_tables(url.removeprefix("sqlite:///"))
    return postgres_tables(url)

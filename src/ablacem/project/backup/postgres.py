"""PostgreSQL: ``pg_dump`` (custom format) for the snapshot, ``pg_restore`` to count and restore.

PostgreSQL's own tools are used rather than a hand-written dump: ``pg_dump`` takes a consistent
snapshot of a live database (one repeatable-read transaction) with schema, data and sequence
positions, which is exactly what a restore needs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from .archive import BackupError

METHOD = "pg_dump-custom"
PAYLOAD = "database.pgdump"

_COPY = re.compile(r"^COPY (?:(?P<schema>[^.\s]+)\.)?(?P<table>\S+) \((?P<columns>[^)]*)\) FROM stdin;$")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools of the server's major "
            "version (Debian: apt install postgresql-client)"
        )
    return path


def _environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for the database of ``settings_dict`` (the password never goes in argv)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    return env


def _run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        tool = Path(cmd[0]).name
        raise BackupError(f"{tool} failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    return done


def snapshot(settings_dict: dict, target: Path) -> None:
    """Dump the database of ``settings_dict`` into ``target`` with ``pg_dump --format=custom``."""
    _run([_tool("pg_dump"), "--format=custom", f"--file={target}"], env=_environment(settings_dict))


def _data_script(payload: Path) -> str:
    """The data section of a custom-format dump as SQL text (``COPY ... FROM stdin`` blocks)."""
    return _run([_tool("pg_restore"), "--data-only", "--file=-", str(payload)]).stdout


def _copy_blocks(payload: Path):
    """Yield ``(table, columns, rows)`` for every table in the dump (rows as COPY text lines)."""
    table, columns, rows = None, [], []
    for line in _data_script(payload).splitlines():
        if table is None:
            match = _COPY.match(line)
            if match:
                table = match["table"].strip('"')
                columns = [c.strip().strip('"') for c in match["columns"].split(",")]
                rows = []
        elif line == "\\.":
            yield table, columns, rows
            table = None
        else:
            rows.append(line)


def table_counts(payload: Path) -> dict[str, int]:
    """Row count of every table in the dump ``payload`` (read back with ``pg_restore``)."""
    return {table: len(rows) for table, _, rows in _copy_blocks(payload)}


def usernames(payload: Path, *, active_only: bool = True) -> set[str]:
    """The account names in the dump (to check ``--as`` before a restore)."""
    for table, columns, rows in _copy_blocks(payload):
        if table == "auth_user":
            name_at, active_at = columns.index("username"), columns.index("is_active")
            cells = [row.split("\t") for row in rows]
            return {c[name_at] for c in cells if not active_only or c[active_at] == "t"}
    return set()


def restore(payload: Path, settings_dict: dict) -> None:
    """Restore ``payload`` into the (empty) database of ``settings_dict``, all or nothing."""
    _run(
        [
            _tool("pg_restore"),
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            f"--dbname={settings_dict['NAME']}",
            str(payload),
        ],
        env=_environment(settings_dict),
    )

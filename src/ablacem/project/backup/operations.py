"""Write, verify and restore a backup of the database Django is configured with."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from . import postgres, sqlite
from .archive import BackupError, Manifest, read_archive, sha256_of, write_archive


@dataclasses.dataclass(frozen=True)
class VerifyResult:
    """Outcome of :func:`backup_verify`: ``problems`` is empty when the file is intact."""

    manifest: Manifest
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _engine(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"backups support SQLite and PostgreSQL, not {engine}")


def _module(engine: str):
    return {"sqlite": sqlite, "postgresql": postgres}[engine]


def _connection(alias: str):
    from django.db import connections

    return connections[alias]


def backup_write(*, out: Path | str, alias: str = "default") -> Manifest:
    """Take a consistent online snapshot of the database and write it to ``out``.

    Parameters
    ----------
    out : path
        The backup file to write (replaced atomically when it exists).
    alias : str, optional
        Django database alias.

    Returns
    -------
    Manifest
        What was written: payload checksum and every table's row count, read from the snapshot.

    Raises
    ------
    BackupError
        The database engine is not supported or the dump tool failed.
    """
    settings_dict = _connection(alias).settings_dict
    engine = _engine(settings_dict)
    module = _module(engine)
    with tempfile.TemporaryDirectory(prefix="ablacem-backup-") as work:
        payload = Path(work) / module.PAYLOAD
        if engine == "sqlite":
            database = Path(settings_dict["NAME"])
            if not database.is_file():
                raise BackupError(f"the SQLite database {database} does not exist")
            sqlite.snapshot(database, payload)
        else:
            postgres.snapshot(settings_dict, payload)
        manifest = Manifest(
            engine=engine,
            method=module.METHOD,
            payload=module.PAYLOAD,
            sha256=sha256_of(payload),
            size=payload.stat().st_size,
            tables=module.table_counts(payload),
        )
        write_archive(Path(out), manifest, payload)
    return manifest


def _check(manifest: Manifest, payload: Path) -> list[str]:
    problems = []
    digest = sha256_of(payload)
    if digest != manifest.sha256:
        problems.append(f"{manifest.payload}: SHA-256 is {digest}, the manifest says {manifest.sha256}")
        return problems  # counts read from a damaged payload mean nothing
    counts = _module(manifest.engine).table_counts(payload)
    for table in sorted(set(counts) | set(manifest.tables)):
        found, recorded = counts.get(table), manifest.tables.get(table)
        if found != recorded:
            problems.append(f"table {table}: {found} rows in the payload, the manifest says {recorded}")
    return problems


def backup_verify(*, path: Path | str) -> VerifyResult:
    """Recompute a backup file's checksum and per-table row counts and compare with its manifest.

    Needs no database connection (a PostgreSQL backup needs ``pg_restore`` on PATH).

    Raises
    ------
    BackupError
        The file is not a readable backup archive.
    """
    with tempfile.TemporaryDirectory(prefix="ablacem-verify-") as work:
        manifest, payload = read_archive(Path(path), Path(work))
        if manifest.engine not in ("sqlite", "postgresql"):
            raise BackupError(f"{path}: unknown engine {manifest.engine!r} in the manifest")
        return VerifyResult(manifest=manifest, problems=_check(manifest, payload))


def backup_restore(*, path: Path | str, alias: str = "default", as_user: str = "") -> Manifest:
    """Restore a verified backup into the configured database, which must be empty.

    Parameters
    ----------
    path : path
        The backup file.
    alias : str, optional
        Django database alias of the target.
    as_user : str, optional
        When given, an active account of that name must exist in the backup (it is whom the
        restore is recorded for).

    Raises
    ------
    BackupError
        The file fails verification, was taken from another engine, ``as_user`` is not an
        active account in it, or the target database already holds tables (nothing is changed).
    """
    connection = _connection(alias)
    settings_dict = connection.settings_dict
    engine = _engine(settings_dict)
    with tempfile.TemporaryDirectory(prefix="ablacem-restore-") as work:
        manifest, payload = read_archive(Path(path), Path(work))
        if manifest.engine != engine:
            raise BackupError(f"{path} is a {manifest.engine} backup; the configured database is {engine}")
        problems = _check(manifest, payload)
        if problems:
            raise BackupError(f"{path} does not verify, nothing restored: " + "; ".join(problems))
        module = _module(engine)
        if as_user and as_user not in module.usernames(payload):
            raise BackupError(f"--as: the backup holds no active EDC account named {as_user!r}; nothing restored")
        existing = connection.introspection.table_names()
        if existing:
            raise BackupError(
                f"the database {settings_dict['NAME']} is not empty ({len(existing)} tables, e.g. "
                f"{', '.join(sorted(existing)[:3])}); restore only into an empty database"
            )
        connection.close()
        if engine == "sqlite":
            sqlite.restore(payload, Path(settings_dict["NAME"]))
        else:
            postgres.restore(payload, settings_dict)
    return manifest

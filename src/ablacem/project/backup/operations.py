"""Write, verify and restore a backup of the database Django is configured with."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from . import pgcopy, postgres, sqlite
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


#: How a payload was made (the manifest's ``method``) -> the module that reads and restores it.
_METHODS = {module.METHOD: module for module in (sqlite, postgres, pgcopy)}
#: ``backup_write``'s choices for PostgreSQL: ``auto`` is ``pg_dump`` when on PATH, else ``copy``.
POSTGRES_METHODS = ("auto", "pg_dump", "copy")


def _module(manifest: Manifest):
    try:
        return _METHODS[manifest.method]
    except KeyError:
        raise BackupError(f"unknown backup method {manifest.method!r} in the manifest") from None


def _postgres_module(method: str):
    if method not in POSTGRES_METHODS:
        raise BackupError(f"method must be one of {', '.join(POSTGRES_METHODS)}, not {method!r}")
    if method == "auto":
        return postgres if shutil.which("pg_dump") else pgcopy
    return postgres if method == "pg_dump" else pgcopy


def _connection(alias: str):
    from django.db import connections

    return connections[alias]


def backup_write(*, out: Path | str, alias: str = "default", method: str = "auto") -> Manifest:
    """Take a consistent online snapshot of the database and write it to ``out``.

    Parameters
    ----------
    out : path
        The backup file to write (replaced atomically when it exists).
    alias : str, optional
        Django database alias.
    method : {"auto", "pg_dump", "copy"}, optional
        PostgreSQL only: ``pg_dump`` (PostgreSQL's dump tool), ``copy`` (every table COPYed in
        one snapshot, :mod:`.pgcopy`, no client tools needed) or ``auto``, ``pg_dump`` when it
        is on PATH and ``copy`` otherwise. SQLite always uses its backup API.

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
    if engine == "sqlite" and method != "auto":
        raise BackupError(f"method {method!r} is for PostgreSQL; a SQLite database is copied with its backup API")
    module = sqlite if engine == "sqlite" else _postgres_module(method)
    with tempfile.TemporaryDirectory(prefix="ablacem-backup-") as work:
        payload = Path(work) / module.PAYLOAD
        if engine == "sqlite":
            database = Path(settings_dict["NAME"])
            if not database.is_file():
                raise BackupError(f"the SQLite database {database} does not exist")
            sqlite.snapshot(database, payload)
        else:
            module.snapshot(settings_dict, payload)
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
    counts = _module(manifest).table_counts(payload)
    for table in sorted(set(counts) | set(manifest.tables)):
        found, recorded = counts.get(table), manifest.tables.get(table)
        if found != recorded:
            problems.append(f"table {table}: {found} rows in the payload, the manifest says {recorded}")
    return problems


def backup_verify(*, path: Path | str) -> VerifyResult:
    """Recompute a backup file's checksum and per-table row counts and compare with its manifest.

    Needs no database connection (a ``pg_dump`` backup needs ``pg_restore`` on PATH; a ``copy``
    one needs nothing).

    Raises
    ------
    BackupError
        The file is not a readable backup archive.
    """
    with tempfile.TemporaryDirectory(prefix="ablacem-verify-") as work:
        manifest, payload = read_archive(Path(path), Path(work))
        if manifest.engine not in ("sqlite", "postgresql"):
            raise BackupError(f"{path}: unknown engine {manifest.engine!r} in the manifest")
        _module(manifest)
        return VerifyResult(manifest=manifest, problems=_check(manifest, payload))


def backup_restore(*, path: Path | str, alias: str = "default", as_user: str = "") -> Manifest:
    """Restore a verified backup into the configured database, which must be empty.

    A ``copy`` backup (:mod:`.pgcopy`) may also go into a database migrated to the backup's
    migration state and holding no rows yet; into an empty one, the restore first migrates it to
    that state. Its rows are then loaded in one transaction (all or nothing).

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
        module = _module(manifest)
        if as_user and as_user not in module.usernames(payload):
            raise BackupError(f"--as: the backup holds no active EDC account named {as_user!r}; nothing restored")
        existing = connection.introspection.table_names()
        if module is pgcopy:
            _prepare_schema(connection, existing, pgcopy.migration_state(payload))
        elif existing:
            raise _not_empty(settings_dict, existing)
        connection.close()
        if engine == "sqlite":
            sqlite.restore(payload, Path(settings_dict["NAME"]))
        elif module is pgcopy:
            pgcopy.load(payload, settings_dict)
        else:
            postgres.restore(payload, settings_dict)
    return manifest


def _not_empty(settings_dict: dict, existing: list[str]) -> BackupError:
    return BackupError(
        f"the database {settings_dict['NAME']} is not empty ({len(existing)} tables, e.g. "
        f"{', '.join(sorted(existing)[:3])}); restore only into an empty database"
    )


def _prepare_schema(connection, existing: list[str], applied: set[tuple[str, str]]) -> None:
    """Make the schema of a ``copy`` backup: migrate an empty database to the backup's migration
    state; accept a database already migrated to exactly that state and holding no rows beyond
    Django's bookkeeping; refuse anything else (nothing changed)."""
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.recorder import MigrationRecorder

    if existing:
        with connection.cursor() as cursor:
            holding = pgcopy.tables_with_data(cursor, existing)
        if holding:
            raise _not_empty(connection.settings_dict, holding)
        recorded = MigrationRecorder(connection).applied_migrations()
        if set(recorded) != applied:
            differ = sorted(set(recorded) ^ applied)
            raise BackupError(
                f"the database is migrated to another state than the backup ({len(differ)} migrations differ, "
                f"e.g. {differ[0][0]}.{differ[0][1]}); restore into an empty database"
            )
        return
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    unknown = sorted(applied - set(graph.nodes))
    if unknown:
        raise BackupError(
            f"the backup was taken after migrations this version lacks ({unknown[0][0]}.{unknown[0][1]}"
            f"{' and others' if len(unknown) > 1 else ''}); restore with the ablacem version that took it"
        )
    targets = [
        max((node for node in applied if node[0] == app), key=lambda node: len(graph.forwards_plan(node)))
        for app in sorted({app for app, _ in applied})
    ]
    executor.migrate(targets)

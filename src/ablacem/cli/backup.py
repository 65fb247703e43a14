"""``ablacem backup`` and ``ablacem restore``: the whole database, online, with a manifest.

``backup --out FILE`` takes a consistent snapshot while the server runs; ``backup --verify FILE``
recomputes the manifest's checksum and row counts (no database needed); ``restore --from FILE``
loads a verified backup into an empty database only. The logic is in
:mod:`ablacem.project.backup`; see docs/operations.md for the schedule and the restore drill.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .web import setup_django

logger = logging.getLogger("ablacem.backup")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``backup`` and ``restore`` subcommands."""
    p = sub.add_parser("backup", help="write a consistent online backup of the database, or verify one")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--out", metavar="FILE", help="backup file to write (e.g. ablacem-2026-12-01.tar.gz)")
    what.add_argument("--verify", metavar="FILE", help="check a backup file against its manifest")
    p.add_argument("--as", dest="as_user", metavar="USER", default="", help="the active EDC account running it")
    p.add_argument(
        "--method",
        choices=("auto", "pg_dump", "copy"),
        default="auto",
        help="PostgreSQL: pg_dump, or copy (every table COPYed in one snapshot, no client tools); "
        "auto (default) uses pg_dump when it is on PATH, else copy",
    )
    p.set_defaults(handler=run_backup)

    p = sub.add_parser("restore", help="restore a backup into an empty database")
    p.add_argument("--from", dest="source", required=True, metavar="FILE", help="backup file")
    p.add_argument("--as", dest="as_user", metavar="USER", default="", help="the active EDC account running it")
    p.set_defaults(handler=run_restore)


def _active_user(username: str):
    """The active account ``username`` with a study role, or None."""
    from django.contrib.auth import get_user_model

    from ablacem.edc.roles import role_of

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    return user if user is not None and role_of(user) is not None else None


def _record(action: str, *, user, manifest) -> None:
    """Record a backup or restore run in the audit trail (a hash-chained audit event): who ran
    it (``user``, the system when None) and the file's SHA-256, and log it without identifiers."""
    from ablacem.edc.actors import Actor
    from ablacem.edc.models import AuditEventKind
    from ablacem.edc.services import audit_event_record

    audit_event_record(
        actor=Actor.system(action, user=user),
        kind=AuditEventKind.BACKUP if action == "backup" else AuditEventKind.RESTORE,
        detail=f"{action}: {len(manifest.tables)} tables, file SHA-256 {manifest.sha256}",
    )
    logger.info("%s done: %d tables, payload sha256 %s", action, len(manifest.tables), manifest.sha256)


def run_backup(args: argparse.Namespace) -> int:
    """Write or verify a backup; print what was done, problems on stderr."""
    from ablacem.project.backup import BackupError, backup_verify, backup_write

    if args.verify:
        try:
            result = backup_verify(path=args.verify)
        except BackupError as exc:
            print(f"ablacem backup --verify: {exc}", file=sys.stderr)
            return 1
        for problem in result.problems:
            print(f"problem: {problem}", file=sys.stderr)
        m = result.manifest
        if not result.ok:
            print(f"{args.verify}: FAILED ({len(result.problems)} problems)", file=sys.stderr)
            return 1
        rows = sum(m.tables.values())
        print(f"{args.verify}: OK ({m.engine}, {m.method}, {len(m.tables)} tables, {rows} rows, {m.created_at})")
        return 0

    setup_django(migrate=False)
    user = None
    if args.as_user:
        user = _active_user(args.as_user)
        if user is None:
            print(f"ablacem backup: --as: no active EDC account is named {args.as_user!r}", file=sys.stderr)
            return 1
    try:
        manifest = backup_write(out=Path(args.out), method=args.method)
    except BackupError as exc:
        print(f"ablacem backup: {exc}", file=sys.stderr)
        return 1
    _record("backup", user=user, manifest=manifest)
    print(
        f"{args.out}: {manifest.engine} backup ({manifest.method}), {len(manifest.tables)} tables, "
        f"{sum(manifest.tables.values())} rows"
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Restore into the configured (empty) database; refuse, changing nothing, otherwise."""
    setup_django(migrate=False)  # migrating first would make the database non-empty
    from ablacem.project.backup import BackupError, backup_restore

    try:
        manifest = backup_restore(path=args.source, as_user=args.as_user)
    except BackupError as exc:
        print(f"ablacem restore: {exc}", file=sys.stderr)
        return 1
    _record("restore", user=_active_user(args.as_user) if args.as_user else None, manifest=manifest)
    print(f"restored {args.source}: {len(manifest.tables)} tables, {sum(manifest.tables.values())} rows")
    return 0

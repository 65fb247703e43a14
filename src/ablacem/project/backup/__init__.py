"""Backup and restore of the whole EDC database, with a manifest that proves a file complete.

A backup file is a gzip-compressed tar archive holding ``manifest.json`` and one payload: a
copy of the SQLite database made with SQLite's online backup API, PostgreSQL's own
``pg_dump`` in its custom format or, without ``pg_dump``, every table COPYed out
(:mod:`.pgcopy`). All are consistent snapshots taken while the server keeps serving (SQLite's
backup API copies under one read transaction; ``pg_dump`` and the COPY fallback read in one
repeatable-read transaction). The manifest records the payload's SHA-256 and every table's row
count *as read from the payload itself*, so that ``verify`` can recompute both.

Exporting and re-importing the tidy dataset is not a backup: it loses history rows,
signatures, users, locks and the per-patient date shifts (issue 11).
"""

from .archive import MANIFEST_NAME, BackupError, Manifest
from .operations import backup_restore, backup_verify, backup_write

__all__ = ["MANIFEST_NAME", "BackupError", "Manifest", "backup_restore", "backup_verify", "backup_write"]

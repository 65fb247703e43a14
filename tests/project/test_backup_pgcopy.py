"""Reading a COPY payload (the PostgreSQL backup made without pg_dump) needs no database and no
tool: row counts are the lines of each table's COPY text, ``--as`` reads ``auth_user``, and
``backup --verify`` checks such a file like any other. (Taking and restoring one runs on
PostgreSQL in test_backup.py.)"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from ablacem.project.backup import BackupError, Manifest, backup_verify, pgcopy
from ablacem.project.backup.archive import sha256_of, write_archive

USERS = "1\tpbkdf2$x\t\\N\tf\tcoord1\tt\n2\tpbkdf2$y\t\\N\tf\tgone\tf\n"
NOTE = "1\ta note with a tab\\there and a newline\\nthere\n"
META = {
    "tables": [
        {
            "name": "auth_user",
            "columns": ["id", "password", "last_login", "is_superuser", "username", "is_active"],
            "file": "data/auth_user.copy",
        },
        {"name": "edc_note", "columns": ["id", "text"], "file": "data/edc_note.copy"},
        {"name": "edc_empty", "columns": ["id"], "file": "data/edc_empty.copy"},
    ],
    "sequences": {"auth_user_id_seq": 2, "edc_empty_id_seq": None},
    "migrations": [["auth", "0001_initial"], ["edc", "0014_audit_chain_adopt_existing_history"]],
}


def _payload(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w") as tar:
        for name, text in {"meta.json": json.dumps(META), **files}.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def payload(tmp_path) -> Path:
    files = {"data/auth_user.copy": USERS, "data/edc_note.copy": NOTE, "data/edc_empty.copy": ""}
    return _payload(tmp_path / pgcopy.PAYLOAD, files)


def test_row_counts_are_the_lines_of_each_tables_copy_text(payload):
    # an escaped tab or newline inside a value stays on its row
    assert pgcopy.table_counts(payload) == {"auth_user": 2, "edc_note": 1, "edc_empty": 0}


def test_active_accounts_and_migration_state_are_read_from_the_payload(payload):
    assert pgcopy.usernames(payload) == {"coord1"}
    assert pgcopy.usernames(payload, active_only=False) == {"coord1", "gone"}
    assert pgcopy.migration_state(payload) == {
        ("auth", "0001_initial"),
        ("edc", "0014_audit_chain_adopt_existing_history"),
    }


def test_a_payload_missing_a_tables_file_is_named(tmp_path):
    bad = _payload(tmp_path / "bad.tar", {"data/auth_user.copy": USERS, "data/edc_empty.copy": ""})
    with pytest.raises(BackupError, match=r"lacks data/edc_note.copy \(table edc_note\)"):
        pgcopy.table_counts(bad)


def _archive(tmp_path: Path, payload: Path, tables: dict[str, int]) -> Path:
    manifest = Manifest(
        engine="postgresql",
        method=pgcopy.METHOD,
        payload=pgcopy.PAYLOAD,
        sha256=sha256_of(payload),
        size=payload.stat().st_size,
        tables=tables,
    )
    return write_archive(tmp_path / "backup.tar.gz", manifest, payload)


def test_verify_checks_a_copy_backup_without_any_tool(tmp_path, payload):
    good = _archive(tmp_path, payload, {"auth_user": 2, "edc_note": 1, "edc_empty": 0})
    assert backup_verify(path=good).ok
    bad = _archive(tmp_path, payload, {"auth_user": 3, "edc_note": 1, "edc_empty": 0})
    assert backup_verify(path=bad).problems == ["table auth_user: 2 rows in the payload, the manifest says 3"]

"""``ablacem audit verify`` on a real SQLite data folder: OK after imports and exports made
``--as`` a user, and the first broken record named (exit 1) after a change or a deletion in SQL."""

from __future__ import annotations

import re
import sqlite3

import pytest

from ablacem.dataset import write_dataset
from ablacem.synth import generate

from .test_web_cli import run

pytestmark = pytest.mark.slow


def test_verify_after_import_and_export_then_find_tampering(tmp_path):
    data_dir = tmp_path / "data"
    source = write_dataset(generate(3, 5), tmp_path / "in")
    run(
        ["createuser", "dana", "--role", "data_manager", "--full-name", "Dana Example", "--password-stdin"],
        data_dir,
        "lighthouse-ferry-42\n",
    )
    assert run(["import", "--data", str(source), "--as", "dana"], data_dir).returncode == 0
    refused = run(["dataset", "--out", str(tmp_path / "o1"), "--with-identifiers", "--as", "nobody"], data_dir)
    assert refused.returncode == 1 and "no EDC account is named 'nobody'" in refused.stderr
    exported = run(["dataset", "--out", str(tmp_path / "out"), "--with-identifiers", "--as", "dana"], data_dir)
    assert exported.returncode == 0, exported.stderr
    assert (
        run(["export", "--format", "redcap", "--data", str(source), "--out", str(tmp_path / "rc")], data_dir).returncode
        == 0
    )
    records = str(tmp_path / "rc" / "redcap_records.csv")
    nobody = run(["redcap", "import", "--records", records, "--out", str(tmp_path / "b0"), "--as", "nobody"], data_dir)
    assert nobody.returncode == 1 and "no EDC account is named 'nobody'" in nobody.stderr
    converted = run(
        ["redcap", "import", "--records", records, "--out", str(tmp_path / "back"), "--as", "dana"], data_dir
    )
    assert converted.returncode == 0, converted.stderr

    db_path = data_dir / "ablacem.sqlite3"
    with sqlite3.connect(db_path) as db:
        events = list(
            db.execute(
                "SELECT e.kind, e.actor_kind, u.username, e.identified FROM edc_auditevent e "
                "LEFT JOIN auth_user u ON u.id = e.user_id ORDER BY e.id"
            )
        )
        links = db.execute("SELECT COUNT(*), MAX(seq) FROM edc_auditchainlink").fetchone()
        head = db.execute("SELECT hash FROM edc_auditchainlink ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert events == [
        ("user_created", "system", None, None),
        ("import", "system", "dana", 1),  # the folder holds identifiers.csv
        ("export", "system", "dana", 1),
        ("import", "system", "dana", 1),  # the REDCap conversion (exported without --deidentify)
    ]

    ok = run(["audit", "verify"], data_dir)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == f"OK {links[0]} records, head {head}" and links[0] == links[1]

    with sqlite3.connect(db_path) as db:
        history_id = db.execute("SELECT MIN(history_id) FROM edc_historicallesion").fetchone()[0]
        db.execute("UPDATE edc_historicallesion SET size_mm = size_mm + 1 WHERE history_id = ?", [history_id])
    changed = run(["audit", "verify"], data_dir)
    assert changed.returncode == 1
    assert re.search(rf"edc_historicallesion #{history_id} differs .* \(content changed\)", changed.stderr)

    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE edc_historicallesion SET size_mm = size_mm - 1 WHERE history_id = ?", [history_id])
        event_id = db.execute("SELECT id FROM edc_auditevent WHERE kind = 'export'").fetchone()[0]
        db.execute("DELETE FROM edc_auditevent WHERE id = ?", [event_id])
    deleted = run(["audit", "verify"], data_dir)
    assert deleted.returncode == 1 and f"edc_auditevent #{event_id} is gone (row deleted)" in deleted.stderr

"""``ablacem dataset --with-identifiers`` on a database holding a mistyped birth date: it
exports, and neither its output nor its log repeats the date."""

import sqlite3

import pytest

from ablacem.dataset import write_dataset
from ablacem.synth import generate

from .test_web_cli import run


@pytest.mark.slow
def test_identified_dataset_exports_despite_a_stored_mistyped_birth_date(tmp_path):
    data_dir = tmp_path / "data"
    source = write_dataset(generate(3, 1), tmp_path / "in")
    assert run(["import", "--data", str(source)], data_dir).returncode == 0
    with sqlite3.connect(data_dir / "ablacem.sqlite3") as db:
        db.execute("UPDATE edc_patientidentity SET birth_date = '1066-05-12'")
        db.execute("UPDATE edc_patient SET enrolled_on = '0001-01-01' WHERE study_id = 'ABL-001'")

    exported = run(["dataset", "--out", str(tmp_path / "out"), "--with-identifiers"], data_dir)
    assert exported.returncode == 0, exported.stderr
    assert "Traceback" not in exported.stderr
    assert "1066" not in exported.stdout + exported.stderr
    assert "problem: patients.csv, line 2, column enrolled_on: a value is required" in exported.stderr
    assert "problem: ABL-001: Date of birth must be between 1900-01-01 and today" in exported.stderr
    identifiers = (tmp_path / "out" / "identifiers.csv").read_text(encoding="utf-8")
    assert "1066" not in identifiers and identifiers.count("\n") == 4  # header + every patient, still exported

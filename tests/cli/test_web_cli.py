"""``ablacem createuser / import / dataset`` in a subprocess, on a fresh SQLite data folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ablacem.dataset import write_dataset
from ablacem.synth import generate

ROOT = Path(__file__).resolve().parents[2]


def run(args, data_dir, stdin=""):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["ABLACEM_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return subprocess.run(
        [sys.executable, "-m", "ablacem", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_createuser_import_and_dataset_round_trip(tmp_path):
    data_dir = tmp_path / "data"
    source = write_dataset(generate(12, 3), tmp_path / "in")

    weak = run(["createuser", "ann", "--role", "coordinator", "--password-stdin"], data_dir, "12345\n")
    assert weak.returncode == 1 and "password:" in weak.stderr
    ok = run(["createuser", "ann", "--role", "coordinator", "--password-stdin"], data_dir, "lighthouse-ferry-42\n")
    assert ok.returncode == 0, ok.stderr

    imported = run(["import", "--data", str(source)], data_dir)
    assert imported.returncode == 0, imported.stderr
    assert "imported 12 patients" in imported.stdout
    again = run(["import", "--data", str(source)], data_dir)
    assert again.returncode == 1 and "patients.csv, line 2, column patient_id" in again.stderr

    out = tmp_path / "out"
    exported = run(["dataset", "--out", str(out), "--with-identifiers"], data_dir)
    assert exported.returncode == 0, exported.stderr
    for name in ("patients", "lesions", "procedures", "assessments", "analgesics", "imaging", "identifiers"):
        assert (out / f"{name}.csv").read_bytes() == (source / f"{name}.csv").read_bytes(), name

    deidentified = run(["dataset", "--out", str(tmp_path / "deid")], data_dir)
    assert deidentified.returncode == 0 and not (tmp_path / "deid" / "identifiers.csv").exists()
    assert (data_dir / "ablacem.sqlite3").is_file()

"""``ablacem crf`` and ``ablacem casebook`` in a subprocess, on a fresh SQLite data folder."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from pypdf import PdfReader

from ablacem.dataset import write_dataset
from ablacem.dataset.schema import CLINICAL_TABLES
from ablacem.synth import generate
from ablacem.synth.anchor import start_before
from tests.cli.test_web_cli import run


def _text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in reader.pages))


def test_crf_writes_every_column_of_every_form(tmp_path):
    done = run(["crf", "--out", str(tmp_path / "crf.pdf")], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    text = _text(tmp_path / "crf.pdf")
    assert [c.name for t in CLINICAL_TABLES for c in t.columns if c.name not in text] == []


@pytest.mark.slow
def test_casebooks_of_one_patient_and_of_all_with_identifiers_only_when_allowed(tmp_path):
    data_dir = tmp_path / "data"
    today = dt.datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Paris"))).date()
    source = write_dataset(
        generate(3, 5, start=start_before(today), cutoff=today), tmp_path / "in", include_identifiers=True
    )
    assert run(["import", "--data", str(source)], data_dir).returncode == 0
    for name, role in (("stan", "statistician"), ("mona", "monitor")):
        made = run(
            ["createuser", name, "--role", role, "--full-name", f"{name.title()} Example", "--password-stdin"],
            data_dir,
            "lighthouse-ferry-42\n",
        )
        assert made.returncode == 0, made.stderr
    identity = pd.read_csv(source / "identifiers.csv").iloc[0]
    study_id, name = identity["patient_id"], identity["name"]

    one = run(["casebook", "--patient", study_id, "--out", str(tmp_path / "one.pdf")], data_dir)
    assert one.returncode == 0, one.stderr
    text = _text(tmp_path / "one.pdf")
    assert f"studyID{study_id}" in text and re.sub(r"\s+", "", name) not in text

    every = run(["casebook", "--all", "--with-identifiers", "--out", str(tmp_path / "all")], data_dir)
    assert every.returncode == 0, every.stderr
    expected = sorted(f"{p}.pdf" for p in pd.read_csv(source / "patients.csv")["patient_id"])
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == expected
    assert re.sub(r"\s+", "", name) in _text(tmp_path / "all" / f"{study_id}.pdf")

    refused = run(["casebook", "--patient", study_id, "--as", "stan", "--out", str(tmp_path / "x.pdf")], data_dir)
    assert refused.returncode == 1 and "not allowed" in refused.stderr
    monitor = run(
        ["casebook", "--patient", study_id, "--as", "mona", "--with-identifiers", "--out", str(tmp_path / "m.pdf")],
        data_dir,
    )
    assert monitor.returncode == 0, monitor.stderr

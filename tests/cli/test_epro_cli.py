"""``ablacem epro link`` and ``ablacem epro revoke`` in a subprocess, on an imported cohort."""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pytest

from ablacem.dataset import write_dataset
from ablacem.synth import generate

from .test_web_cli import run

LINK = re.compile(r"^https://study\.example\.org/p/([A-Za-z0-9_-]{43})/$")


@pytest.mark.slow
def test_link_prints_a_fresh_working_link_and_revoke_closes_it(tmp_path):
    data_dir = tmp_path / "data"
    source = write_dataset(generate(3, 5), tmp_path / "in")
    assert run(["import", "--data", str(source)], data_dir).returncode == 0

    first = run(
        ["epro", "link", "--patient", "ABL-001", "--timepoint", "w1", "--base-url", "https://study.example.org/"],
        data_dir,
    )
    assert first.returncode == 0, first.stderr
    token = LINK.match(first.stdout.strip()).group(1)
    second = run(
        ["epro", "link", "--patient", "ABL-001", "--timepoint", "w1", "--base-url", "https://study.example.org"],
        data_dir,
    )
    fresh = LINK.match(second.stdout.strip()).group(1)
    assert fresh != token
    with sqlite3.connect(data_dir / "ablacem.sqlite3") as db:
        stored = {row[0] for row in db.execute("select token_hash from epro_patientlink")}
    assert stored == {hashlib.sha256(fresh.encode()).hexdigest()}  # one link; the first token stopped working

    revoked = run(["epro", "revoke", "--patient", "ABL-001", "--timepoint", "w1"], data_dir)
    assert revoked.returncode == 0 and "revoked the w1 link of ABL-001" in revoked.stdout
    again = run(["epro", "revoke", "--patient", "ABL-001", "--timepoint", "w1"], data_dir)
    assert again.returncode == 1 and "ABL-001 has no open link for w1" in again.stderr


@pytest.mark.slow
def test_unknown_patient_or_timepoint_is_named(tmp_path):
    data_dir = tmp_path / "data"
    source = write_dataset(generate(2, 5), tmp_path / "in")
    assert run(["import", "--data", str(source)], data_dir).returncode == 0
    nobody = run(["epro", "link", "--patient", "ABL-999", "--timepoint", "w1"], data_dir)
    assert nobody.returncode == 1 and "--patient ABL-999: no such patient" in nobody.stderr
    wrong = run(["epro", "link", "--patient", "ABL-001", "--timepoint", "m6"], data_dir)
    assert wrong.returncode == 1 and "--timepoint m6: expected one of baseline, post, w1, m1, m3" in wrong.stderr

"""``ablacem export --format fhir``: one FHIR R4 transaction Bundle (JSON) per patient."""

from __future__ import annotations

import json

import pytest

from ablacem.cli import main
from ablacem.dataset import write_dataset
from ablacem.interop.deidentify import pseudonym
from ablacem.interop.fhir import patient_bundle, validate_bundle
from tests.interop.helpers import KEY, small_dataset


@pytest.fixture
def data_dir(tmp_path):
    return write_dataset(small_dataset(), tmp_path / "data")


def test_the_command_writes_one_bundle_per_patient(data_dir, tmp_path, capsys):
    out = tmp_path / "fhir"
    assert main(["export", "--format", "fhir", "--data", str(data_dir), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ABL-001.json", "ABL-002.json"]
    printed = capsys.readouterr().out
    assert f"wrote {out / 'ABL-001.json'}" in printed and f"wrote {out / 'ABL-002.json'}" in printed
    bundle = json.loads((out / "ABL-001.json").read_text(encoding="utf-8"))
    validate_bundle(bundle)
    assert bundle == patient_bundle(small_dataset(), "ABL-001", deidentify=False)


def test_deidentified_bundles_are_named_by_pseudonym_and_hold_no_identifier(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ABLACEM_PSEUDONYM_KEY", KEY.decode())
    out = tmp_path / "fhir"
    assert main(["export", "--format", "fhir", "--data", str(data_dir), "--out", str(out), "--deidentify"]) == 0
    names = sorted(p.stem for p in out.iterdir())
    assert names == sorted(pseudonym(KEY, "patient_id", p) for p in ("ABL-001", "ABL-002"))
    text = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    for needle in ("ABL-001", "Jane Roe", "Roe", "H0000123", "1931-08-17", "Jean-Luc"):
        assert needle not in text


def test_deidentifying_without_a_key_is_refused(data_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ABLACEM_PSEUDONYM_KEY", raising=False)
    out = tmp_path / "fhir"
    assert main(["export", "--format", "fhir", "--data", str(data_dir), "--out", str(out), "--deidentify"]) == 2
    assert "ABLACEM_PSEUDONYM_KEY" in capsys.readouterr().err
    assert not out.exists()

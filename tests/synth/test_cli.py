"""`ablacem synth`: writes the dataset, identifiers and summary.txt; refuses bad arguments."""

import pytest

from ablacem.cli import main
from ablacem.dataset import read_dataset


def test_synth_writes_a_valid_dataset_and_a_summary(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["synth", "--patients", "40", "--seed", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Patients: 40" in printed
    assert (out / "summary.txt").read_text(encoding="utf-8") in printed
    assert (out / "identifiers.csv").exists() and (out / "dictionary.csv").exists()
    ds = read_dataset(out)
    assert len(ds.patients) == 40 and len(ds.identifiers) == 40


def test_synth_cutoff_option(tmp_path):
    out = tmp_path / "out"
    assert main(["synth", "--patients", "5", "--seed", "2", "--out", str(out), "--cutoff", "2026-12-31"]) == 0
    ds = read_dataset(out)
    assert ds.patients["end_reason"].notna().all()  # everyone has had their 3-month visit by then


@pytest.mark.parametrize("value", ["0", "-3", "ten"])
def test_synth_refuses_a_bad_patient_count(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as exc:
        main(["synth", "--patients", value, "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert "--patients must be" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_synth_refuses_a_cutoff_before_the_last_procedure(tmp_path, capsys):
    code = main(["synth", "--patients", "10", "--out", str(tmp_path / "x"), "--cutoff", "2024-01-01"])
    assert code == 2
    assert "before the last procedure" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()

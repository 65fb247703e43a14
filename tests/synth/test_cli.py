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


def test_synth_refuses_more_than_the_supported_patient_count(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["synth", "--patients", "100001", "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert "--patients must be at most 100,000, got 100,001" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(("value", "message"), [("-1", "--seed must be 0 or more"), ("one", "--seed must be a whole")])
def test_synth_refuses_a_bad_seed(tmp_path, capsys, value, message):
    with pytest.raises(SystemExit) as exc:
        main(["synth", "--patients", "2", "--seed", value, "--out", str(tmp_path / "x")])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_synth_refuses_an_out_path_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "taken.csv"
    target.write_text("keep me\n", encoding="utf-8")
    assert main(["synth", "--patients", "2", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"--out {target} is a file; it must be a folder" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "keep me\n"

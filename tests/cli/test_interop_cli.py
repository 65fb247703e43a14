import pandas as pd
import pytest

from ablacem.cli import main
from ablacem.dataset import read_dataset, write_dataset
from tests.interop.helpers import KEY, assert_same_dataset, small_dataset


@pytest.fixture
def data_dir(tmp_path):
    return write_dataset(small_dataset(), tmp_path / "data")


def test_dictionary_writes_its_companions(tmp_path, capsys):
    assert main(["redcap", "dictionary", "--out", str(tmp_path / "dd.csv")]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["dd.csv", "dd_events.csv", "dd_instrument_event_mapping.csv", "dd_repeating_instruments.csv"]
    dd = pd.read_csv(tmp_path / "dd.csv", dtype=str, keep_default_na=False)
    assert dd.columns[0] == "Variable / Field Name" and dd.iloc[0, 0] == "record_id"
    assert "dd_events.csv" in capsys.readouterr().out


def _redcap_export(data_dir, out, *options):
    """``ablacem export --format redcap`` into ``out``; the path of the records CSV it wrote."""
    assert main(["export", "--format", "redcap", "--data", str(data_dir), "--out", str(out), *options]) == 0
    return out / "redcap_records.csv"


def test_export_then_import_gives_the_dataset_back(data_dir, tmp_path, capsys):
    records = _redcap_export(data_dir, tmp_path / "export")
    assert main(["redcap", "import", "--records", str(records), "--out", str(tmp_path / "back")]) == 0
    assert "2 patients, 0 note(s)" in capsys.readouterr().out
    assert_same_dataset(read_dataset(data_dir), read_dataset(tmp_path / "back"))
    assert main(["validate", "--data", str(tmp_path / "back")]) == 0


def test_import_prints_the_report_and_fails_clearly(data_dir, tmp_path, capsys):
    records = _redcap_export(data_dir, tmp_path / "export")
    frame = pd.read_csv(records, dtype=str, keep_default_na=False)
    frame["site_code"] = "X1"
    frame.to_csv(records, index=False)
    assert main(["redcap", "import", "--records", str(records), "--out", str(tmp_path / "a")]) == 0
    assert "note: unknown column 'site_code'" in capsys.readouterr().out
    frame.loc[0, "age"] = "140"
    frame.to_csv(records, index=False)
    assert main(["redcap", "import", "--records", str(records), "--out", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert "record ABL-001, event baseline_arm_1, field age" in err
    assert not (tmp_path / "b").exists()


def test_a_refused_import_names_the_records_file_even_for_a_missing_column(data_dir, tmp_path, capsys):
    # Found by `make fuzz`: a mutated header dropped redcap_event_name and the refusal named the
    # column but not the file it was missing from.
    records = _redcap_export(data_dir, tmp_path / "export")
    frame = pd.read_csv(records, dtype=str, keep_default_na=False).drop(columns=["redcap_event_name"])
    frame.to_csv(records, index=False)
    assert main(["redcap", "import", "--records", str(records), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"--records {records}: the REDCap export cannot be imported")
    assert "column 'redcap_event_name' is missing" in err and not (tmp_path / "out").exists()


def test_deidentify_needs_a_key(data_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("ABLACEM_PSEUDONYM_KEY", raising=False)
    out = tmp_path / "out"
    assert main(["export", "--format", "spss", "--data", str(data_dir), "--out", str(out), "--deidentify"]) == 2
    assert "ABLACEM_PSEUDONYM_KEY" in capsys.readouterr().err
    assert not out.exists()


def test_export_with_key_file_and_environment(data_dir, tmp_path, capsys, monkeypatch):
    key_file = tmp_path / "key"
    key_file.write_bytes(KEY + b"\n")
    args = ["export", "--format", "csv", "--data", str(data_dir), "--deidentify", "--date-mode", "shift"]
    assert main([*args, "--out", str(tmp_path / "a"), "--key-file", str(key_file)]) == 0
    monkeypatch.setenv("ABLACEM_PSEUDONYM_KEY", KEY.decode())
    assert main([*args, "--out", str(tmp_path / "b"), "--shape", "wide"]) == 0
    a = pd.read_csv(tmp_path / "a" / "patients_wide.csv", dtype=str)
    b = pd.read_csv(tmp_path / "b" / "patients_wide.csv", dtype=str)
    assert a["patient_id"].tolist() == b["patient_id"].tolist()
    assert a["patient_id"].str.startswith("P-").all()
    assert "wrote" in capsys.readouterr().out
    records = _redcap_export(data_dir, tmp_path / "r", "--deidentify")
    assert "ABL-001" not in records.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["spss", "stata", "odm", "redcap"])
def test_every_format_from_the_command_line(data_dir, tmp_path, fmt):
    assert main(["export", "--format", fmt, "--data", str(data_dir), "--out", str(tmp_path / fmt)]) == 0
    assert any((tmp_path / fmt).iterdir())


@pytest.mark.slow
def test_the_report_runs_on_an_imported_redcap_export(tmp_path, capsys):
    import warnings

    from ablacem.interop.redcap import export_records
    from ablacem.synth import generate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        cohort = generate(20, seed=4)
    records = tmp_path / "MyStudy_DATA.csv"
    export_records(cohort).to_csv(records, index=False, encoding="utf-8-sig")  # REDCap writes a BOM
    assert main(["redcap", "import", "--records", str(records), "--out", str(tmp_path / "data")]) == 0
    assert main(["report", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "report"), "--no-progress"]) == 0
    assert (tmp_path / "report" / "results.json").exists()


def test_deidentified_redcap_export_lists_records_in_pseudonym_order(data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ABLACEM_PSEUDONYM_KEY", KEY.decode())
    out = _redcap_export(data_dir, tmp_path / "r", "--deidentify")
    # HMAC-SHA256 with KEY: ABL-002 -> P-5d4e705809 sorts before ABL-001 -> P-65a5a34dd4
    assert pd.read_csv(out, dtype=str)["record_id"].unique().tolist() == ["P-5d4e705809", "P-65a5a34dd4"]


def test_unreadable_records_files_get_a_clear_error(tmp_path, capsys):
    def run(path):
        return main(["redcap", "import", "--records", str(path), "--out", str(tmp_path / "out")])

    assert run(tmp_path / "missing.csv") == 1
    assert "missing.csv: no such file" in capsys.readouterr().err
    latin = tmp_path / "excel.csv"
    latin.write_bytes("record_id,redcap_event_name,name\nABL-001,baseline_arm_1,Mor\xe8au\n".encode("cp1252"))
    assert run(latin) == 1
    err = capsys.readouterr().err
    assert "not UTF-8 text (byte 59)" in err and "Mor" not in err  # 33 header bytes + 26 before the è; never the value
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert run(empty) == 1
    assert "empty.csv: not a CSV file" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_an_unreadable_key_file_is_refused_clearly(data_dir, tmp_path, capsys):
    args = ["export", "--format", "csv", "--data", str(data_dir), "--out", str(tmp_path / "o"), "--deidentify"]
    assert main([*args, "--key-file", str(tmp_path / "no-key")]) == 2
    err = capsys.readouterr().err
    assert "--key-file" in err and "no-key: cannot be read" in err
    assert not (tmp_path / "o").exists()


def test_the_command_line_offers_what_the_library_does():
    # The CLI spells its choices out so that `ablacem --help` does not import pandas; they must not drift.
    import argparse

    from ablacem.cli import build_parser
    from ablacem.interop import EXPORT_FORMATS, SHAPES
    from ablacem.interop.deidentify import DATE_MODES

    def choices(parser, *path):
        for name in path:
            sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
            parser = sub.choices[name]
        return {a.dest: set(a.choices) for a in parser._actions if a.choices and not isinstance(a.choices, dict)}

    export = choices(build_parser(), "export")
    assert export == {"fmt": set(EXPORT_FORMATS), "shape": set(SHAPES), "date_mode": set(DATE_MODES)}
    # REDCap records are written by `export --format redcap` only: no second command doing the same
    redcap = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices["redcap"]
    actions = next(a for a in redcap._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(actions) == {"dictionary", "import"}

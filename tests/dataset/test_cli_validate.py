"""`ablacem validate --data DIR`: exit codes and messages a user sees."""

from ablacem.cli import main
from ablacem.dataset import write_dataset


def test_valid_dataset_exits_0_and_says_so(small_dataset, tmp_path, capsys):
    write_dataset(small_dataset, tmp_path)
    assert main(["validate", "--data", str(tmp_path)]) == 0
    assert f"{tmp_path}: valid (2 patients, 0 consistency warning(s))" in capsys.readouterr().out


def test_schema_error_exits_1_naming_file_line_and_column(small_dataset, tmp_path, capsys):
    write_dataset(small_dataset, tmp_path)
    path = tmp_path / "patients.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",F,", ",X,"), encoding="utf-8")
    assert main(["validate", "--data", str(tmp_path)]) == 1
    assert "patients.csv, line 2, column sex: 'X' must be one of F, M" in capsys.readouterr().err


def test_consistency_warnings_are_printed_but_do_not_fail(small_dataset, tmp_path, capsys):
    ds = small_dataset.copy()
    ds.procedures.loc[0, "leakage_type"] = None  # leakage recorded without its type
    write_dataset(ds, tmp_path)
    assert main(["validate", "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "warning: procedures.csv, line 2, column leakage_type: leakage recorded without its type" in out
    assert "1 consistency warning(s)" in out


def test_missing_folder_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert main(["validate", "--data", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"--data {missing} is not a dataset folder" in err
    assert "Traceback" not in err

"""``ablacem report``: end to end on ``ablacem synth`` output, broken data, and from the EDC database."""

import json

import pytest

from ablacem.cli import main
from ablacem.edc.actors import Actor


@pytest.mark.slow
def test_report_from_synth_output(tmp_path, capsys):
    data, out = tmp_path / "data", tmp_path / "out"
    assert main(["synth", "--patients", "40", "--seed", "2", "--out", str(data)]) == 0
    capsys.readouterr()
    assert main(["report", "--data", str(data), "--out", str(out), "--no-progress"]) == 0
    printed = capsys.readouterr()
    assert "report.html" in printed.out
    assert printed.err == ""  # --no-progress: no bar
    for name in ("report.html", "tables.docx", "tables.xlsx", "results.json"):
        assert (out / name).stat().st_size > 0
    assert json.loads((out / "results.json").read_text())["n"]["enrolled"] == 40
    assert len(list((out / "figures").glob("*.png"))) == len(list((out / "figures").glob("*.svg"))) >= 10


def test_broken_dataset_exits_1_naming_file_line_and_column(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["synth", "--patients", "3", "--seed", "1", "--out", str(data)]) == 0
    lines = (data / "patients.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[2].split(",")
    row[header.index("age")] = "old"
    lines[2] = ",".join(row)
    (data / "patients.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["report", "--data", str(data), "--out", str(tmp_path / "out"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "patients.csv, line 3, column age" in err
    assert not (tmp_path / "out").exists()


def test_missing_folder_exits_1(tmp_path, capsys):
    assert main(["report", "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 1
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.django_db
def test_without_data_the_report_reads_the_edc_database(tmp_path, capsys):
    from ablacem.edc.services import dataset_import
    from ablacem.synth import generate

    dataset_import(source=generate(6, 4), actor=Actor.system("import"))
    out = tmp_path / "out"
    assert main(["report", "--out", str(out), "--no-progress"]) == 0
    assert json.loads((out / "results.json").read_text())["n"]["enrolled"] == 6
    assert "report.html" in capsys.readouterr().out


@pytest.mark.slow
def test_without_data_the_report_reads_the_database_the_other_commands_write(tmp_path):
    """Default settings and data folder as for ``ablacem import``: set once, for every command."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from ablacem.dataset import write_dataset
    from ablacem.synth import generate

    root = Path(__file__).resolve().parents[2]
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "ABLACEM_DATA_DIR")
    }
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), str(root)])
    source = write_dataset(generate(6, 4), tmp_path / "in")

    def ablacem(*args):
        done = subprocess.run(
            [sys.executable, "-m", "ablacem", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done

    ablacem("import", "--data", str(source))
    ablacem("report", "--out", "out", "--no-progress")
    assert json.loads((tmp_path / "out" / "results.json").read_text())["n"]["enrolled"] == 6

"""``ablacem ct measure``: a phantom series measured end to end, and refusals without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ablacem import __version__
from ablacem.cli import main
from tests.imaging.phantoms import Cylinder, Phantom, Sphere, regular_z, write_series, zip_folder


@pytest.fixture
def series(tmp_path):
    deposit, leak = Sphere((-4, 0, 0), 7.0), Cylinder((-4, 14, 0), 2.0, 8.0)
    phantom = Phantom(z=regular_z(1.25, 28), rows=64, columns=64, spacing=(0.8, 0.8), objects=(deposit, leak))
    write_series(phantom, tmp_path / "series")
    return zip_folder(tmp_path / "series", tmp_path / "series.zip"), deposit


def test_measure_prints_and_writes_the_result_and_overlay(series, tmp_path, capsys):
    archive, deposit = series
    out, png = tmp_path / "result.json", tmp_path / "overlay.png"
    seed = ",".join(str(v) for v in deposit.centre)
    # a negative first coordinate needs the --seed=X,Y,Z form (argparse would read "-4,..." as an option)
    assert main(["ct", "measure", "--dicom", str(archive), f"--seed={seed}", "--out", str(out), "--png", str(png)]) == 0
    printed = capsys.readouterr().out
    result = json.loads(out.read_text())
    assert result["cement_volume_ml"] == pytest.approx(deposit.volume_ml, rel=0.05)
    assert f"cement volume: {result['cement_volume_ml']:.2f} mL" in printed
    assert "candidate leaks: 1" in printed and "not a diagnosis" in printed
    (leak,) = result["leaks"]
    assert set(leak) >= {"volume_ml", "distance_mm", "slice_first", "slice_last"}
    assert result["parameters"]["threshold_hu"] == 1500.0
    assert result["parameters"]["seed"]["point_mm"] == list(deposit.centre)
    assert result["software"] == {"name": "ablacem", "version": __version__}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Doe" not in out.read_text() and "HOSP" not in out.read_text()


def test_threshold_option_is_used_and_recorded(series, tmp_path, capsys):
    archive, _ = series
    out = tmp_path / "r.json"
    assert main(["ct", "measure", "--dicom", str(archive), "--threshold", "2000", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["parameters"]["threshold_hu"] == 2000.0
    assert "threshold 2000 HU" in capsys.readouterr().out


def test_a_refused_series_exits_1_with_the_rule(tmp_path, capsys):
    phantom = Phantom(z=regular_z(2.0, 8), rows=32, columns=32, objects=())
    write_series(phantom, tmp_path / "mr", modality="MR")
    out = tmp_path / "r.json"
    assert main(["ct", "measure", "--dicom", str(tmp_path / "mr"), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--dicom refused (not_ct)" in err and "Traceback" not in err
    assert not out.exists()


def test_a_malformed_seed_names_the_option(series, tmp_path, capsys):
    archive, _ = series
    assert main(["ct", "measure", "--dicom", str(archive), "--seed", "1,2", "--out", str(tmp_path / "r.json")]) == 2
    assert "--seed 1,2: give three numbers in mm" in capsys.readouterr().err


def test_the_command_starts_without_django():
    code = (
        "import sys; from ablacem.cli import build_parser; build_parser(); "
        "print(any(m.startswith('django') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"

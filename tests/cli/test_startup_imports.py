"""Commands import only what they need: ``--help`` and ``createuser`` never load the analysis,
plotting, PDF or DICOM libraries (issue 13), checked in a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Libraries that only the report, the printed documents and the CT measurement need.
HEAVY = ("matplotlib", "statsmodels", "lifelines", "scipy.stats", "reportlab", "pydicom")
#: Runs the command line with the given arguments, then prints which of HEAVY were imported.
PROBE = (
    "import sys\n"
    "from ablacem.cli import main\n"
    "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as exit:\n    code = exit.code\n"
    f"print('exit', code, 'heavy', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
)


def _probe(args, data_dir, stdin=""):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env["ABLACEM_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300
    )
    return done.stdout.strip().splitlines()[-1]


def test_help_imports_no_heavy_library(tmp_path):
    assert _probe(["--help"], tmp_path) == "exit 0 heavy []"


@pytest.mark.slow
def test_createuser_imports_no_heavy_library(tmp_path):
    # A fresh data folder: createuser applies the migrations first, as a first run does.
    args = ["createuser", "ann", "--role", "monitor", "--full-name", "Ann Example", "--password-stdin"]
    assert _probe(args, tmp_path / "data", "lighthouse-ferry-42\n") == "exit 0 heavy []"

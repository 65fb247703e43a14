"""make demo keeps the demo database between runs; make demo-reset starts again (dry runs of make)."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, demo: Path) -> str:
    """The commands ``make TARGET`` would run with the demo folder ``demo`` (nothing is run)."""
    done = subprocess.run(
        ["make", "-n", target, f"DEMO={demo}", "TODAY=2026-12-01"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_the_first_demo_builds_the_cohort_of_today(tmp_path):
    commands = dry_run("demo", tmp_path / "demo")
    assert "ablacem synth --patients 40 --seed 1 --as-of 2026-12-01" in commands
    assert "ablacem import" in commands and "ablacem serve" in commands


def test_a_later_demo_keeps_the_database_and_only_serves_it(tmp_path):
    # Issue 8: make demo deleted the EDC database every time, so restarting wiped what was entered.
    demo = tmp_path / "demo"
    (demo / "edc").mkdir(parents=True)
    (demo / "edc" / ".demo-ready").touch()
    commands = dry_run("demo", demo)
    assert "ablacem serve" in commands
    assert "rm " not in commands and "ablacem import" not in commands and "ablacem synth" not in commands


def test_demo_reset_deletes_the_demo_and_builds_it_again(tmp_path):
    demo = tmp_path / "demo"
    (demo / "edc").mkdir(parents=True)
    (demo / "edc" / ".demo-ready").touch()
    commands = dry_run("demo-reset", demo)
    assert f"rm -rf {demo}" in commands

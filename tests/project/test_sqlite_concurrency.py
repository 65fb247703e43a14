"""SQLite, the default of ``ablacem serve``, under concurrent use: two saves at once, and pages
read while ``ablacem import`` runs, give no server error (they answered "database is locked"
with HTTP 500 before the SQLite options in ``ablacem.project.settings.base``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_scenario(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="ablacem.project.settings.local",
        ABLACEM_DATA_DIR=str(data_dir),
        ALLOWED_HOSTS="testserver",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    data_dir.mkdir(parents=True)
    script = ROOT / "tests" / "project" / "sqlite_concurrency_scenario.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_sqlite_serves_concurrent_saves_and_reads_during_an_import_without_server_errors(tmp_path):
    result = _run_scenario(tmp_path / "data")
    assert len(result["saves"]) == 20
    assert 500 not in result["saves"] and set(result["saves"]) <= {302, 503}
    assert result["saves"].count(302) >= 18  # overlapping saves queue; a 503 only after the busy timeout
    assert result["reads"] and 500 not in result["reads"]
    assert set(result["reads"]) <= {200, 503}
    assert result["import_failures"] == [] and result["imported"] == [40]


def test_the_sqlite_database_is_configured_for_a_web_server():
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("the tests run on PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in options["init_command"]
    assert options["timeout"] >= 10

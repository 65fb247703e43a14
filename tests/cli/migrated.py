"""A migrated, empty SQLite database for the command-line tests, made once per test process.

Migrating a new data folder from scratch takes the first command about 8 s; a test that runs
commands on a data folder of its own starts from a copy of this one instead (the same file
``migrate`` would have written), so only tests about migrating start from nothing.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATABASE = "ablacem.sqlite3"


@cache
def _template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ablacem-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        ABLACEM_DATA_DIR=str(folder),
        DJANGO_SETTINGS_MODULE="ablacem.project.settings.local",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    return folder / DATABASE


def start_migrated(data_dir: Path) -> None:
    """Give ``data_dir`` a migrated empty database unless it has a database already."""
    target = Path(data_dir) / DATABASE
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template(), target)

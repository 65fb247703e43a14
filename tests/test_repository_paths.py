"""Tests read only the repository and ``../shared`` (next to it), never a fixed path of one machine."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: System programs the tests drive, not data they read.
PROGRAMS = {"/usr/bin/chromium"}
ABSOLUTE_PATH = re.compile(r"""Path\(\s*["'](/[^"']*)["']""")


def test_no_test_reads_an_absolute_path():
    found = {
        f"{path.relative_to(ROOT)}: {match}"
        for path in (ROOT / "tests").rglob("*.py")
        for match in ABSOLUTE_PATH.findall(path.read_text(encoding="utf-8"))
        if match not in PROGRAMS
    }
    assert found == set()

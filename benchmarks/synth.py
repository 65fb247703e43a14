"""Time the synthetic cohort: generate and write 40, 1,000, 10,000 and 100,000 patients.

Target (issue 2): 10,000 patients generated and written in under 30 s. 100,000 patients (the
largest cohort ``generate`` accepts) has no time target: it shows that the upper end works
(``write_dataset`` validates the whole dataset first). Prints seconds and rows per table.
Run with ``make bench`` or ``.venv/bin/python benchmarks/synth.py`` (``--quick``: 40 and 1,000
patients only).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from ablacem.dataset import write_dataset
from ablacem.dataset.schema import ALL_TABLES
from ablacem.synth import generate

SIZES = (40, 1_000, 10_000, 100_000)
TARGET_SECONDS = {10_000: 30.0}


def main(sizes: tuple[int, ...] = SIZES) -> int:
    """Print one line per size; exit 1 if a target is missed."""
    failed = False
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            dataset = generate(n, 1)
            t1 = time.perf_counter()
            write_dataset(dataset, Path(tmp))
            t2 = time.perf_counter()
        rows = ", ".join(f"{t.name} {len(dataset[t.name]):,}" for t in ALL_TABLES)
        total = t2 - t0
        target = TARGET_SECONDS.get(n)
        verdict = "" if target is None else (f"  (target < {target:g} s: {'met' if total < target else 'MISSED'})")
        failed |= target is not None and total >= target
        print(f"{n:>7,} patients: generate {t1 - t0:6.2f} s, write {t2 - t1:6.2f} s, total {total:6.2f} s{verdict}")
        print(f"         rows: {rows}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main((40, 1_000) if "--quick" in sys.argv[1:] else SIZES))

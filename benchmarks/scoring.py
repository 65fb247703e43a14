"""Scoring throughput: QLQ-C30 scale scores and OMED for cohorts of growing size.

Run: ``.venv/bin/python benchmarks/scoring.py``. Prints rows per second; no target is set by an
issue, the numbers show that scoring is never the bottleneck of a report.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.scoring import mme, qlqc30
from ablacem.synth import generate


def _items(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    values = rng.integers(1, 5, size=(n, 30)).astype("float64")
    values[:, 28:] = rng.integers(1, 8, size=(n, 2))
    values[rng.random(values.shape) < 0.05] = np.nan
    return pd.DataFrame(values, columns=list(QLQC30_ITEMS)).astype("Int64")


def main() -> None:
    for n in (1_000, 50_000, 250_000):
        items = _items(n)
        start = time.perf_counter()
        qlqc30.score(items)
        seconds = time.perf_counter() - start
        print(f"QLQ-C30 score: {n:>7,} questionnaires in {seconds:6.3f} s ({n / seconds:,.0f} per second)")
    ds = generate(10_000, 1)
    start = time.perf_counter()
    out = mme.omed(ds.analgesics, ds.assessments)
    seconds = time.perf_counter() - start
    print(f"OMED: {len(ds.analgesics):,} analgesic rows -> {len(out):,} visits in {seconds:.3f} s")


if __name__ == "__main__":
    main()

"""Benchmark: the whole study report for 40 and for 10,000 synthetic patients.

Each size runs in a fresh child process (so imports and memory are its own) that generates the
cohort with ``ablacem.synth.generate`` and calls ``ablacem.analysis.report.build_report``.
Printed per size: generation time, report time (the target), the time of each report step,
and peak memory: the child's own peak RSS plus, for each figure worker running at the same
time, the largest worker's peak RSS (``ru_maxrss`` of children is the largest, not the sum, so
this is an upper bound of the combined peak; shared copy-on-write pages are counted each time).

Targets (issue 3): 40 patients under 10 s; 10,000 patients under 90 s and under 2 GB.

Usage: ``python benchmarks/report.py [--sizes 40 10000] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

TARGETS = {40: (10.0, None), 10_000: (90.0, 2048.0)}  # seconds, MB


def _child(n: int, out: str) -> None:
    import resource
    import time

    t0 = time.perf_counter()
    import ablacem.analysis.study  # noqa: F401  (the statistics' imports belong to start-up, not to the report)
    from ablacem.analysis.render.figure_pool import can_fork_safely, default_workers
    from ablacem.analysis.report import build_report
    from ablacem.synth import generate

    t_import = time.perf_counter() - t0
    workers = default_workers() if default_workers() > 1 and can_fork_safely() else 0
    t0 = time.perf_counter()
    dataset = generate(n, 1)
    t_generate = time.perf_counter() - t0
    t0 = time.perf_counter()
    outputs = build_report(dataset, out, progress=False)
    t_report = time.perf_counter() - t0
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "n": n,
                "import_s": t_import,
                "generate_s": t_generate,
                "report_s": t_report,
                "steps": outputs.timings,
                "self_mb": self_mb,
                "workers_mb": workers_mb,
                "workers": workers,
            }
        )
    )


def run(n: int, out: Path) -> dict:
    """Build the report for ``n`` patients in a child process; return its measurements."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(n), str(out)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"report for {n} patients failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=sorted(TARGETS))
    parser.add_argument("--keep", type=Path, help="write the reports under this folder (default: a temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("N", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(int(args.child[0]), args.child[1])
        return 0
    ok = True
    print(f"load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        for n in args.sizes:
            m = run(n, root / f"report_{n}")
            peak = m["self_mb"] + m["workers"] * m["workers_mb"]
            limit_s, limit_mb = TARGETS.get(n, (None, None))
            time_ok = limit_s is None or m["report_s"] < limit_s
            mem_ok = limit_mb is None or peak < limit_mb
            ok &= time_ok and mem_ok
            print(f"{n:>6} patients: report {m['report_s']:6.1f} s", end="")
            print(f" (target < {limit_s:g} s: {'ok' if time_ok else 'MISSED'})" if limit_s else "", end="")
            print(
                f"; peak memory {peak:,.0f} MB "
                f"(main {m['self_mb']:,.0f} + {m['workers']} figure worker(s) x largest {m['workers_mb']:,.0f})",
                end="",
            )
            print(f" (target < {limit_mb:,.0f} MB: {'ok' if mem_ok else 'MISSED'})" if limit_mb else "")
            print(
                f"        imports {m['import_s']:.1f} s, synthetic cohort {m['generate_s']:.1f} s "
                f"(not in the report time; imports + report {m['import_s'] + m['report_s']:.1f} s)"
            )
            print("        steps: " + ", ".join(f"{k} {v:.1f} s" for k, v in m["steps"].items()))
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

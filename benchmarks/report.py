"""Benchmark: ``ablacem report`` for 40 and for 10,000 synthetic patients, part by part.

For each size the synthetic cohort is generated and written as a tidy dataset folder (not
timed), then:

1. **the command**, as a user runs it: ``python -m ablacem report --data DIR --out OUT`` in a
   fresh process, start-up included; wall time and CPU time (the command's process and its
   figure workers). This is the number the targets are about.
2. **the parts**, in another fresh process: imports, reading the dataset, deriving the analysis
   frames, each section of the statistics, each writer and the wait for the figure workers,
   each as wall and CPU seconds, and peak memory: the process's own peak RSS plus, for each
   figure worker, the largest worker's peak (``ru_maxrss`` of children is the largest, not
   the sum, so this is an upper bound; shared copy-on-write pages are counted each time).

The machine may be shared: the load average is printed, and CPU time is the number to compare
between runs when it is not idle (wall time on a busy machine is CPU time stretched by waiting).

Targets (issue 13): 40 patients under 5 s wall including start-up; 10,000 patients under 60 s
and under 2 GB.

Usage: ``python benchmarks/report.py [--sizes 40 10000] [--quick] [--keep DIR]``
(``--quick``: 40 patients only, as ``make bench`` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {40: (5.0, None), 10_000: (60.0, 2048.0)}  # seconds wall including start-up, MB
SIZES = (40, 10_000)


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _write_cohort(n: int, folder: Path) -> None:
    from ablacem.dataset import write_dataset
    from ablacem.synth import generate

    write_dataset(generate(n, 1), folder)


def _parts(data: str, out: str) -> None:
    """Child process: time each part of the report and print them as one JSON line."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    from ablacem.analysis.render.figure_pool import can_fork_safely, default_workers
    from ablacem.analysis.report import build_report
    from ablacem.dataset import read_dataset

    parts = {"imports": (time.perf_counter() - wall0, time.process_time() - cpu0)}
    wall, cpu = time.perf_counter(), time.process_time()
    dataset = read_dataset(data)
    parts["read and validate the dataset"] = (time.perf_counter() - wall, time.process_time() - cpu)
    workers = default_workers() if default_workers() > 1 and can_fork_safely() else 0
    outputs = build_report(dataset, out, progress=False)
    steps = {name: (outputs.timings[name], outputs.cpu_timings[name]) for name in outputs.timings}
    print(
        json.dumps(
            {
                "parts": parts,
                "steps": steps,
                "sections": outputs.section_timings,
                "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                "workers_cpu": _cpu(resource.RUSAGE_CHILDREN),
                "workers": workers,
            }
        )
    )


def run_command(data: Path, out: Path) -> tuple[float, float]:
    """``python -m ablacem report`` in a fresh process: (wall, CPU) seconds, start-up included."""
    before = _cpu(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "ablacem", "report", "--data", str(data), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t0
    if result.returncode != 0:
        raise SystemExit(f"ablacem report failed:\n{result.stderr}")
    return wall, _cpu(resource.RUSAGE_CHILDREN) - before


def run_parts(data: Path, out: Path) -> dict:
    """The report part by part in a fresh process (see :func:`_parts`)."""
    result = subprocess.run(
        [sys.executable, __file__, "--parts", str(data), str(out)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the report's parts failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _line(name: str, wall: float, cpu: float) -> str:
    return f"    {name:<40} {wall:7.2f} {cpu:7.2f}"


def measure(n: int, root: Path) -> bool:
    """Print the command's time and the parts for ``n`` patients; True when the targets are met."""
    data, out = root / f"data_{n}", root / f"report_{n}"
    t0 = time.perf_counter()
    _write_cohort(n, data)
    print(f"{n:,} patients (synthetic cohort written in {time.perf_counter() - t0:.1f} s, not counted)")
    wall, cpu = run_command(data, out)
    m = run_parts(data, root / f"parts_{n}")
    peak = m["self_mb"] + m["workers"] * m["workers_mb"]
    limit_s, limit_mb = TARGETS.get(n, (None, None))
    time_ok = limit_s is None or wall < limit_s
    mem_ok = limit_mb is None or peak < limit_mb
    verdict = f" (target < {limit_s:g} s: {'ok' if time_ok else 'MISSED'})" if limit_s else ""
    print(f"  ablacem report, start-up included: wall {wall:.2f} s{verdict}, CPU {cpu:.2f} s (with its figure workers)")
    verdict = f" (target < {limit_mb:,.0f} MB: {'ok' if mem_ok else 'MISSED'})" if limit_mb else ""
    print(
        f"  peak memory {peak:,.0f} MB{verdict}: main {m['self_mb']:,.0f} MB "
        f"+ {m['workers']} figure worker(s) x largest {m['workers_mb']:,.0f} MB"
    )
    print(f"  parts (a second run){'':<19} wall s   CPU s")
    for name, (w, c) in m["parts"].items():
        print(_line(name, w, c))
    for name, (w, c) in m["steps"].items():
        print(_line(name, w, c))
        if name == "statistics":
            for section, (sw, sc) in m["sections"].items():
                print(_line(f"  {section}", sw, sc))
    print(f"    {'figure workers (CPU of all, in parallel)':<40} {'':>7} {m['workers_cpu']:7.2f}")
    return time_ok and mem_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--quick", action="store_true", help="40 patients only")
    parser.add_argument("--keep", type=Path, help="write the datasets and reports under this folder")
    parser.add_argument("--parts", nargs=2, metavar=("DATA", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.parts:
        _parts(*args.parts)
        return 0
    sizes = [40] if args.quick else args.sizes
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (CPU time is the fair comparison)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            ok &= measure(n, root)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark script of this folder in a fixed order and print a summary table.

``make bench`` runs this: each ``benchmarks/*.py`` in :data:`ORDER` (then any other script,
alphabetically) in its own process, with its quick size (:data:`QUICK_ARGS`) unless ``--full``
is given, showing its output as it goes. The summary gives each script's wall and CPU time
(its process and children), its exit status (a script exits 1 when it misses a target) and
its last line, which is its verdict. A new benchmark script needs no change here; add its quick
arguments to :data:`QUICK_ARGS` when its default run is long.

Usage: ``python benchmarks/run_all.py [--full] [SCRIPT ...]`` (script names without ``.py``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
#: Scripts in the order they run (those that do not exist are skipped); others follow.
ORDER = ("synth", "scoring", "import", "load", "pages", "audit_chain", "report", "compare_r")
#: Arguments for the quick run of ``make bench`` (the full run passes none).
QUICK_ARGS = {
    "synth": ["--quick"],
    "audit_chain": ["40"],
    "report": ["--quick"],
    "compare_r": ["--quick"],
}


def scripts() -> list[str]:
    """Benchmark names in running order."""
    present = {p.stem for p in HERE.glob("*.py") if p.stem != Path(__file__).stem and not p.stem.startswith("_")}
    return [name for name in ORDER if name in present] + sorted(present - set(ORDER))


def _cpu_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, args: list[str]) -> tuple[float, float, int, str]:
    """Run one script, echoing its output: (wall s, CPU s, exit status, last line)."""
    print(f"== {name} {' '.join(args)}".rstrip(), flush=True)
    cpu0, t0 = _cpu_children(), time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(HERE / f"{name}.py"), *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    last = ""
    for line in process.stdout:
        print(line, end="", flush=True)
        last = line.strip() or last
    status = process.wait()
    return time.perf_counter() - t0, _cpu_children() - cpu0, status, last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="each script's full sizes (long)")
    parser.add_argument("only", nargs="*", help="run only these scripts")
    args = parser.parse_args(argv)
    names = [n for n in scripts() if not args.only or n in args.only]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rows = [(name, *run(name, [] if args.full else QUICK_ARGS.get(name, []))) for name in names]
    width = max([len(n) for n in names] + [9])
    print(f"\n{'benchmark':<{width}}  {'wall s':>7}  {'CPU s':>7}  status  result")
    for name, wall, cpu, status, last in rows:
        verdict = "ok" if status == 0 else f"exit {status}"
        print(f"{name:<{width}}  {wall:7.1f}  {cpu:7.1f}  {verdict:<6}  {last[:90]}")
    return 0 if all(status == 0 for *_, status, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

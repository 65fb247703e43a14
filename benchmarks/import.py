"""Time ``ablacem import`` of a synthetic cohort, and the command line's start-up.

Writes a cohort with ``ablacem synth`` (default 10,000 patients), migrates a fresh SQLite
database, then times ``ablacem import`` as a user runs it (a subprocess: wall-clock seconds,
the CPU seconds it used, and records per second, history rows and chain links not counted),
and checks ``ablacem audit verify`` afterwards. With ``--postgres URL`` (a server where the
URL's database may be dropped and created) the same import runs on PostgreSQL too.
Target (issue 13): 10,000 patients in under 30 s. On a machine shared with other work the
wall-clock time varies with the load; the CPU time does not.

Start-up: ``ablacem --help`` and ``ablacem createuser`` (on the migrated database), best of
three, and the heavy libraries each one imported (none of matplotlib, statsmodels, lifelines,
scipy.stats, reportlab, pydicom should be).

Run with ``.venv/bin/python benchmarks/import.py [--patients N] [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = {10_000: 30.0}
#: Libraries a command that does not use them must not import (issue 13).
HEAVY = ("matplotlib", "statsmodels", "lifelines", "scipy.stats", "reportlab", "pydicom")
#: Runs ``ablacem`` with the given arguments, then prints the heavy modules it imported.
_PROBE = (
    "import sys\n"
    "from ablacem.cli import main\n"
    "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
    f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
)


def _run(args: list[str], env: dict, stdin: str | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command; (wall seconds, CPU seconds of the child, result)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(args, env=env, input=stdin, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0,):
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(args[:4])} ... failed ({done.returncode})")
    return wall, cpu, done


def _ablacem(*args: str) -> list[str]:
    return [sys.executable, "-m", "ablacem", *args]


def _time_import(cohort: Path, env: dict, label: str, patients: int) -> bool:
    """Migrate, import, verify; print one line each. True when the target is met."""
    _run([sys.executable, "-c", "from ablacem.cli.web import setup_django; setup_django()"], env)
    wall, cpu, done = _run(_ablacem("import", "--data", str(cohort)), env)
    records = sum(int(n) for n in re.findall(r"(\d+) \w+", done.stdout.splitlines()[-1]))
    target = TARGET_SECONDS.get(patients)
    met = target is None or wall < target
    verdict = "" if target is None else f" (target < {target:g} s: {'met' if met else 'MISSED'})"
    print(
        f"{label}: import of {patients:,} patients ({records:,} records) {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU, {records / wall:,.0f} records/s{verdict}"
    )
    vwall, _, verified = _run(_ablacem("audit", "verify"), env)
    print(f"{label}: audit verify {vwall:.1f} s: {verified.stdout.strip().splitlines()[-1]}")
    return met


def _startup(env: dict) -> bool:
    """Time ``--help`` and ``createuser``; True when neither imported a heavy library."""
    clean = True
    createuser = ["createuser", "{user}", "--role", "monitor", "--password-stdin", "--full-name", "B"]
    for label, args, stdin in (("ablacem --help", ["--help"], None), ("ablacem createuser", createuser, "x")):
        times, heavy = [], ""
        for attempt in range(3):
            argv = [a.format(user=f"bench{attempt}") for a in args]
            wall, _, done = _run([sys.executable, "-c", _PROBE, *argv], env, stdin and "lighthouse-ferry-42\n")
            times.append(wall)
            heavy = done.stderr.rsplit("HEAVY:", 1)[-1].strip()
        clean &= not heavy
        print(f"start-up: {label} {min(times):.2f} s (best of 3); heavy libraries imported: {heavy or 'none'}")
    return clean


def main() -> int:
    """Print the timings; exit 1 if the import misses its target or a command imports too much."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="also import into this PostgreSQL database (recreated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cohort = Path(tmp) / "cohort"
        base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        _run(_ablacem("synth", "--patients", str(args.patients), "--seed", "1", "--out", str(cohort)), base)
        env = {**base, "ABLACEM_DATA_DIR": str(Path(tmp) / "data")}
        ok = _time_import(cohort, env, "SQLite", args.patients)
        ok &= _startup(env)
        if args.postgres:
            _recreate_postgres(args.postgres)
            ok &= _time_import(cohort, {**env, "DATABASE_URL": args.postgres}, "PostgreSQL", args.patients)
    return 0 if ok else 1


def _recreate_postgres(url: str) -> None:
    """Drop and create the URL's database (connecting to the server's ``postgres`` database)."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())

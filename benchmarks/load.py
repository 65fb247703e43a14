"""Benchmark: the EDC under load (issue 13, "Under load").

Starts PostgreSQL-backed gunicorn with the production settings (``--workers`` processes, over
HTTPS with a throw-away self-signed certificate on loopback, as production's secure cookies
need), on its own database (created, then dropped), imports a synthetic cohort
(``ablacem synth`` + ``ablacem import``), creates users of every role, and runs locust headless
(``benchmarks/load_locustfile.py``): the users log in and mix the dashboard with its worklist,
the patient list, patient pages, visit pages and forms, and saves through the real forms (CSRF,
version, reason for change). Bounded by ``--run-time`` and ``--max-requests`` (per user).

Printed: the machine, p50 / p95 / p99 per page and the error rate, against the targets (p95 <
100 ms for reads and < 250 ms for saves, 0 errors), then the saves counted in the database
against what the users were told: lost (accepted, not kept) and overwritten (two accepted saves
of one version) must be 0; refusals by the optimistic lock (a newer version was saved since the
form was opened) are correct and counted apart.

``--instances 2`` runs two gunicorn instances on two ports against the same database and
spreads the users over both: the web processes keep no state but the database.

Usage: ``python benchmarks/load.py [--patients 10000] [--users 20] [--run-time 60] [--instances 1]``
(PostgreSQL from ``ABLACEM_TEST_POSTGRES_URL``, default ``postgres://postgres@127.0.0.1:5432/postgres``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import secrets
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
READ_TARGET_MS, SAVE_TARGET_MS = 100.0, 250.0
SAVE_PAGES = {"visit save", "login"}


def _run(cmd: list[str], env: dict, what: str) -> float:
    """Run a step of the set-up; its time in seconds (the output only when it fails)."""
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{what} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - t0


@contextmanager
def own_database(server_url: str):
    """A new, empty PostgreSQL database on ``server_url``'s server, dropped afterwards; yields its URL."""
    name = f"ablacem_load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(server_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A one-day certificate for 127.0.0.1 (openssl), for gunicorn's HTTPS on loopback."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def wait_healthy(url: str, timeout: float = 60) -> None:
    context = ssl._create_unverified_context()  # our own throw-away certificate, on loopback
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", context=context, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not answer /healthz within {timeout:.0f} s")


def percentiles(stats_csv: Path) -> list[dict]:
    """Locust's per-page statistics (``*_stats.csv``): name, requests, failures, p50/p95/p99 (ms)."""
    with stats_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "name": row["Name"],
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50": float(row["50%"] or 0),
            "p95": float(row["95%"] or 0),
            "p99": float(row["99%"] or 0),
        }
        for row in rows
    ]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {memory_gb:.0f} GB, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, commit {commit.strip() or '?'}, load average {os.getloadavg()[0]:.1f}"
    )


def failure_rows(failures_csv: Path) -> list[dict]:
    """Locust's errors (``*_failures.csv``): page, error and how many times."""
    if not failures_csv.exists():
        return []
    with failures_csv.open(newline="", encoding="utf-8") as handle:
        return [
            {"name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


def server_errors(logs: list[Path]) -> None:
    """Say why the server failed requests: workers killed for taking longer than gunicorn's
    timeout, and the messages of logged errors (the logs never hold identifiers)."""
    for log in logs:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        timeouts = sum("WORKER TIMEOUT" in line for line in lines)
        errors = Counter()
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("levelname", entry.get("level", "")).upper() in ("ERROR", "CRITICAL"):
                errors[str(entry.get("message", ""))[:200]] += 1
        if timeouts or errors:
            print(f"server log {log.name}: {timeouts} worker(s) killed by gunicorn's timeout")
            for message, n in errors.most_common(5):
                print(f"  logged error x{n}: {message}")


def report(rows: list[dict], failures: list[dict], saves: dict) -> bool:
    """Print the per-page table, the error rate and the saves; True when every target is met."""
    ok = True
    print(f"{'page':<24}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  target")
    for row in rows:
        if row["name"] == "Aggregated":
            continue
        target = SAVE_TARGET_MS if row["name"] in SAVE_PAGES else READ_TARGET_MS
        met = row["p95"] < target and row["failures"] == 0
        ok &= met
        print(
            f"{row['name']:<24}{row['requests']:>9}{row['failures']:>8}{row['p50']:>9.0f}{row['p95']:>9.0f}"
            f"{row['p99']:>9.0f}  p95 < {target:.0f}: {'ok' if met else 'MISSED'}"
        )
    for failure in failures:
        print(f"  error x{failure['count']} on {failure['name']}: {failure['error'][:300]}")
    total = next((r for r in rows if r["name"] == "Aggregated"), None)
    if total:
        rate = total["failures"] / total["requests"] if total["requests"] else 0.0
        print(f"all pages: {total['requests']} requests, {total['failures']} errors, error rate {rate:.2%}")
        ok &= total["failures"] == 0
    print(
        f"saves: {saves['sent']} sent, {saves['accepted']} accepted, {saves['conflicts']} refused by the "
        f"optimistic lock (correct), {saves['refused']} refused by checks, {saves['failed']} failed; "
        f"in the database: {saves['kept']} kept, {saves['lost']} lost, {saves['overwritten']} overwritten, "
        f"{saves['wrong_value']} with another value, {saves['unconfirmed']} kept but not confirmed"
    )
    ok &= saves["lost"] == 0 and saves["overwritten"] == 0 and saves["wrong_value"] == 0
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000, help="synthetic patients imported (default 10,000)")
    parser.add_argument("--users", type=int, default=20, help="simulated users at once (default 20)")
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--max-requests", type=int, default=500, help="requests per user at most (default 500)")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2), help="gunicorn instances (ports)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per instance (default 3)")
    parser.add_argument("--port", type=int, default=8101, help="first port (the second instance takes the next)")
    parser.add_argument("--save-pool", type=int, default=100, help="recorded visits the users edit (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    server = os.environ.get("ABLACEM_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    run_id = secrets.token_hex(4)
    py = sys.executable
    print(f"machine: {machine()}")
    with (
        tempfile.TemporaryDirectory(prefix="ablacem-load-") as tmp,
        own_database(server) as database,
        ExitStack() as stack,
    ):
        tmp = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ablacem.project.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database,
            "DATABASE_CONN_MAX_AGE": "60",
            "ABLACEM_DATA_DIR": str(tmp / "data"),
            # Second factors are asked once, at login; the simulated users log in with a password.
            "ABLACEM_REQUIRE_SECOND_FACTOR": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
        steps = {
            "migrate": [py, "-m", "django", "migrate", "--noinput"],
            "collectstatic": [py, "-m", "django", "collectstatic", "--noinput"],
            "synth": [
                py,
                "-m",
                "ablacem",
                "synth",
                "--patients",
                str(args.patients),
                "--seed",
                str(args.seed),
                "--as-of",
                dt.date.today().isoformat(),
                "--out",
                str(tmp / "cohort"),
            ],
            "import": [py, "-m", "ablacem", "import", "--data", str(tmp / "cohort")],
            "users": [py, str(HERE / "load_db.py"), "users", str(tmp / "users.json"), str(args.users)],
            "targets": [
                py,
                str(HERE / "load_db.py"),
                "targets",
                str(tmp / "targets.json"),
                str(args.save_pool),
                str(args.seed),
            ],
        }
        for what, cmd in steps.items():
            print(f"set-up: {what} {_run(cmd, env, what):.1f} s", flush=True)
        cert, key = self_signed(tmp)
        hosts = []
        for i in range(args.instances):
            port = args.port + i
            server_process = subprocess.Popen(
                [
                    py,
                    "-m",
                    "gunicorn",
                    "ablacem.project.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(args.workers),
                    "--certfile",
                    str(cert),
                    "--keyfile",
                    str(key),
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=(tmp / f"gunicorn-{port}.log").open("w"),
            )
            stack.callback(lambda p=server_process: (p.terminate(), p.wait(timeout=30)))
            hosts.append(f"https://127.0.0.1:{port}")
        for host in hosts:
            wait_healthy(host)
        print(
            f"load: {args.users} users of every role on {len(hosts)} gunicorn instance(s) x {args.workers} "
            f"workers, {args.patients} patients, {args.run_time} s at most, "
            f"{args.max_requests} requests per user at most",
            flush=True,
        )
        locust_env = {
            **env,
            "LOAD_HOSTS": ",".join(hosts),
            "LOAD_USERS": str(tmp / "users.json"),
            "LOAD_TARGETS": str(tmp / "targets.json"),
            "LOAD_SAVES": str(tmp / "saves.json"),
            "LOAD_RUN_ID": run_id,
            "LOAD_MAX_REQUESTS": str(args.max_requests),
        }
        _run(
            [
                py,
                "-m",
                "locust",
                "-f",
                str(HERE / "load_locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(args.users),
                "-r",
                str(args.users),
                "--run-time",
                f"{args.run_time}s",
                "--stop-timeout",
                "10",
                "-H",
                hosts[0],
                "--csv",
                str(tmp / "locust"),
                "--exit-code-on-error",
                "0",
            ],
            locust_env,
            "locust",
        )
        counted = subprocess.run(
            [py, str(HERE / "load_db.py"), "count", str(tmp / "saves.json"), run_id],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        saves = json.loads(counted.stdout.strip().splitlines()[-1])
        ok = report(percentiles(tmp / "locust_stats.csv"), failure_rows(tmp / "locust_failures.csv"), saves)
        server_errors(sorted(tmp.glob("gunicorn-*.log")))
    print("all targets met" if ok else "some targets missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Run the database-facing tests (marker ``db_backend``) again on PostgreSQL.

Uses ``ABLACEM_TEST_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/postgres``)
and ``PYTEST_WORKERS`` processes (default 2, as ``make test``); further arguments go to pytest
(``tests/run_on_postgres.py tests/edc/services -k backup``).
When the server cannot be reached the run is skipped with a message, unless
``ABLACEM_REQUIRE_POSTGRES=1`` (set by ``.ci/run``), in which case it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def server_reachable(url: str) -> str | None:
    """None when PostgreSQL answers at ``url``, else the reason it does not."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        return f"psycopg is not installed ({exc})"
    parts = urlparse(url)
    try:
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
            dbname=(parts.path or "/postgres").lstrip("/") or "postgres",
            connect_timeout=3,
        ):
            return None
    except Exception as exc:  # any connection failure means "not reachable"
        return str(exc).strip().splitlines()[0]


def main(argv: list[str] | None = None) -> int:
    """Run the ``db_backend`` tests on PostgreSQL; ``argv`` goes to pytest after them (files, ``-k``)."""
    argv = sys.argv[1:] if argv is None else argv
    url = os.environ.get("ABLACEM_TEST_POSTGRES_URL", DEFAULT_URL)
    required = os.environ.get("ABLACEM_REQUIRE_POSTGRES") == "1"
    reason = server_reachable(url)
    if reason:
        msg = f"PostgreSQL tests: server at {url} not reachable ({reason})"
        if required:
            print(f"FAILED {msg}; ABLACEM_REQUIRE_POSTGRES=1 makes them required", file=sys.stderr)
            return 1
        print(f"SKIPPED {msg}; install PostgreSQL or set ABLACEM_TEST_POSTGRES_URL to run them")
        return 0
    env = dict(os.environ, DATABASE_URL=url)
    # As the SQLite run: one process per core (pytest-django gives each its own test database).
    workers = os.environ.get("PYTEST_WORKERS", "2")
    cmd = [sys.executable, "-m", "pytest", "-m", "db_backend", "-p", "no:randomly", "-q"]
    if workers not in ("", "0", "1"):
        cmd += ["-n", workers, "--dist", "loadgroup"]
    cmd += argv
    print("PostgreSQL tests:", " ".join(cmd[2:]), flush=True)
    result = subprocess.run(cmd, env=env)
    if result.returncode == 5:  # no test carries the marker yet
        print("PostgreSQL tests: no database-facing tests collected")
        return 1 if required else 0
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

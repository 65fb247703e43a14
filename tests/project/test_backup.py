"""``ablacem backup`` / ``restore`` / ``backup --verify`` on SQLite and, with the tests'
``DATABASE_URL``, on PostgreSQL (issue 11: a real backup, taken while saves run).

The commands run as a site would run them: in their own processes, on real databases (files
or fresh PostgreSQL databases), never on the tests' in-memory database.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

from tests.project.backup_tables import postgres_connect, tables

pytestmark = [pytest.mark.db_backend, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
TEST_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = TEST_URL.startswith(("postgres://", "postgresql://"))


class Databases:
    """Fresh, empty databases of the engine under test, removed afterwards."""

    def __init__(self, tmp: Path):
        self.tmp, self.created = tmp, []

    def new(self, label: str) -> str:
        if not ON_POSTGRES:
            return f"sqlite:///{self.tmp / label / 'ablacem.sqlite3'}"
        name = f"ablacem_bk_{uuid.uuid4().hex[:8]}_{label}"
        with postgres_connect(TEST_URL) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return TEST_URL.rsplit("/", 1)[0] + "/" + name

    def drop_all(self) -> None:
        with postgres_connect(TEST_URL) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    data_dir = Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite") else tmp / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env.update(
        DJANGO_SETTINGS_MODULE="ablacem.project.settings.local",
        DATABASE_URL=url,
        ABLACEM_DATA_DIR=str(data_dir),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    return env


def ablacem(url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ablacem", *args], capture_output=True, text=True, cwd=ROOT, env=_env(url, tmp)
    )


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Backups of a database taken while enrolments run, and after they stopped."""
    tmp = tmp_path_factory.mktemp("backup")
    dbs = Databases(tmp)
    try:
        source = dbs.new("source")
        online, quiet = tmp / "online.tar.gz", tmp / "quiet.tar.gz"
        script = ROOT / "tests" / "project" / "backup_scenario.py"
        done = subprocess.run(
            [sys.executable, str(script), str(online), str(quiet)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=_env(source, tmp),
            timeout=900,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        yield {"dbs": dbs, "tmp": tmp, "source": source, "online": online, "quiet": quiet, **result}
    finally:
        if ON_POSTGRES:
            dbs.drop_all()


def _patients(rows: dict[str, list[tuple]]) -> int:
    return len(rows["edc_patient"])


#: Tables a backup or restore run appends its own audit event (and its chain link) to.
AUDIT_TABLES = ("edc_auditevent", "edc_auditchainlink")
#: Tables keyed by random ids (a save queues the task that recomputes its patient's open
#: problems): the snapshot's rows are among the original's, in no insertion order.
RANDOM_KEY_TABLES = ("django_tasks_database_dbtaskresult",)


def _without_own_audit(rows: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """The tables without the last audit event and chain link: the run's own record."""
    return {table: (r[:-1] if table in AUDIT_TABLES else r) for table, r in rows.items()}


def _verifies(url: str, tmp: Path) -> None:
    done = ablacem(url, tmp, "audit", "verify")
    assert done.returncode == 0 and done.stdout.startswith("OK"), done.stdout + done.stderr


def test_a_backup_taken_after_the_saves_restores_every_table_row_for_row(scenario):
    target = scenario["dbs"].new("quiet")
    done = ablacem(target, scenario["tmp"], "restore", "--from", str(scenario["quiet"]), "--as", "coord1")
    assert done.returncode == 0, done.stderr
    original, restored = tables(scenario["source"]), tables(target)
    assert set(restored) == set(original)
    # History, signatures, users, sessions, migrations, tasks: every table, row for row, apart
    # from the last audit event of each: the source's records the backup (written after the
    # snapshot), the restored one records the restore, chained after the restored head.
    for table, rows in _without_own_audit(original).items():
        assert _without_own_audit(restored)[table] == rows, table
    assert restored["django_session"] and restored["auth_user"] and restored["edc_historicalpatient"]
    assert "restore" in restored["edc_auditevent"][-1] and "backup" in original["edc_auditevent"][-1]
    _verifies(target, scenario["tmp"])


def test_a_backup_taken_while_saves_run_restores_one_consistent_moment(scenario):
    assert scenario["errors"] == []
    target = scenario["dbs"].new("online")
    done = ablacem(target, scenario["tmp"], "restore", "--from", str(scenario["online"]))
    assert done.returncode == 0, done.stderr
    original, restored = tables(scenario["source"]), tables(target)
    assert set(restored) == set(original)
    # Saves only appended rows, so the database as of one commit is a prefix of each table
    # (the restore's own audit event aside).
    for table, rows in _without_own_audit(restored).items():
        if table in RANDOM_KEY_TABLES:
            # Rows hold JSON (the task's arguments) that PostgreSQL returns as dicts: compare as text.
            assert {repr(r) for r in rows} <= {repr(r) for r in original[table]}, table
            continue
        assert rows == original[table][: len(rows)], table
    cohort = 6
    enrolled = _patients(restored) - cohort
    assert scenario["finished_before"] <= enrolled <= scenario["started_by_end"]
    assert _patients(original) - cohort > scenario["finished_before"], "no save ran while the backup was taken"
    # Every enrolment in the snapshot is whole: its identity and both history rows are there too.
    assert len(restored["edc_patientidentity"]) == _patients(restored)
    assert len(restored["edc_historicalpatientidentity"]) >= len(restored["edc_patientidentity"])


def test_verify_recomputes_the_checksum_and_row_counts(scenario):
    done = ablacem(scenario["source"], scenario["tmp"], "backup", "--verify", str(scenario["online"]))
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stdout


def _rewrite(src: Path, dst: Path, *, manifest=None, payload=None) -> None:
    """Copy the archive ``src`` to ``dst`` with its manifest or payload changed."""
    with tarfile.open(src, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    data = json.loads(members["manifest.json"])
    if manifest:
        manifest(data)
        members["manifest.json"] = json.dumps(data).encode()
    if payload:
        members[data["payload"]] = payload(members[data["payload"]])
    with tarfile.open(dst, "w:gz") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def test_verify_names_a_table_whose_row_count_differs(scenario):
    bad = scenario["tmp"] / "counts.tar.gz"
    _rewrite(scenario["quiet"], bad, manifest=lambda m: m["tables"].update(edc_patient=m["tables"]["edc_patient"] + 1))
    done = ablacem(scenario["source"], scenario["tmp"], "backup", "--verify", str(bad))
    assert done.returncode == 1
    assert "table edc_patient" in done.stderr and "FAILED" in done.stderr


def test_verify_and_restore_refuse_a_payload_changed_after_the_backup(scenario, tmp_path):
    bad = scenario["tmp"] / "payload.tar.gz"
    _rewrite(scenario["quiet"], bad, payload=lambda b: b[:-100] + bytes(100))
    done = ablacem(scenario["source"], scenario["tmp"], "backup", "--verify", str(bad))
    assert done.returncode == 1 and "SHA-256" in done.stderr
    target = scenario["dbs"].new("tampered")
    done = ablacem(target, scenario["tmp"], "restore", "--from", str(bad))
    assert done.returncode == 1 and "does not verify, nothing restored" in done.stderr
    assert tables(target) == {}


def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(scenario):
    before = tables(scenario["source"])
    done = ablacem(scenario["source"], scenario["tmp"], "restore", "--from", str(scenario["quiet"]))
    assert done.returncode == 1
    assert "is not empty" in done.stderr and "restore only into an empty database" in done.stderr
    assert tables(scenario["source"]) == before


def test_as_must_name_an_active_account(scenario):
    done = ablacem(scenario["source"], scenario["tmp"], "backup", "--out", "unused.tar.gz", "--as", "nobody")
    assert done.returncode == 1 and "no active EDC account is named 'nobody'" in done.stderr
    target = scenario["dbs"].new("nobody")
    done = ablacem(target, scenario["tmp"], "restore", "--from", str(scenario["quiet"]), "--as", "nobody")
    assert done.returncode == 1 and "nothing restored" in done.stderr
    assert tables(target) == {}


def test_a_backup_of_another_engine_is_refused(scenario, tmp_path):
    other = "postgresql" if not ON_POSTGRES else "sqlite"
    bad = tmp_path / "other.tar.gz"
    _rewrite(scenario["quiet"], bad, manifest=lambda m: m.update(engine=other))
    target = scenario["dbs"].new("other")
    done = ablacem(target, scenario["tmp"], "restore", "--from", str(bad))
    assert done.returncode == 1 and f"is a {other} backup" in done.stderr


# PostgreSQL without its client tools: `backup` falls back to COPYing every table in one
# snapshot, and `verify` and `restore` of that file need no tool either.
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="the COPY fallback is PostgreSQL's")


def _without_client_tools(url: str, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """``ablacem`` with a PATH holding nothing, so neither pg_dump nor pg_restore can be found."""
    env = _env(url, tmp)
    env["PATH"] = str(tmp / "empty-path")
    return subprocess.run([sys.executable, "-m", "ablacem", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def _sequences(url: str) -> dict[str, int | None]:
    with postgres_connect(url) as conn:
        rows = conn.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return dict(rows.fetchall())


@pytest.fixture(scope="module")
def copy_backup(scenario):
    """A database restored from the quiet backup, and its backup taken without pg_dump."""
    tmp = scenario["tmp"]
    source = scenario["dbs"].new("copysrc")
    done = ablacem(source, tmp, "restore", "--from", str(scenario["quiet"]))
    assert done.returncode == 0, done.stderr
    out = tmp / "copy.tar.gz"
    done = _without_client_tools(source, tmp, "backup", "--out", str(out), "--as", "coord1")
    assert done.returncode == 0 and "(postgres-copy)" in done.stdout, done.stderr
    return {"source": source, "file": out}


def _restored_equal(source: str, target: str) -> dict[str, list[tuple]]:
    original, restored = tables(source), tables(target)
    assert set(restored) == set(original)
    for table, rows in _without_own_audit(original).items():
        assert _without_own_audit(restored)[table] == rows, table
    assert _sequences(target) == _sequences(source)  # each side added one audit event since the snapshot
    return restored


@needs_postgres
def test_without_pg_dump_a_copy_backup_restores_every_table_row_for_row(scenario, copy_backup):
    tmp = scenario["tmp"]
    done = _without_client_tools(copy_backup["source"], tmp, "backup", "--verify", str(copy_backup["file"]))
    assert done.returncode == 0 and "OK (postgresql, postgres-copy" in done.stdout, done.stderr
    target = scenario["dbs"].new("copy")
    done = _without_client_tools(target, tmp, "restore", "--from", str(copy_backup["file"]), "--as", "coord1")
    assert done.returncode == 0, done.stderr
    restored = _restored_equal(copy_backup["source"], target)
    assert restored["django_session"] and restored["auth_user"] and restored["edc_historicalpatient"]
    assert restored["django_migrations"] and restored["edc_auditchainlink"]
    assert "restore" in restored["edc_auditevent"][-1]
    _verifies(target, tmp)


@needs_postgres
def test_a_copy_backup_restores_into_a_migrated_blank_database_and_refuses_one_with_data(scenario, copy_backup):
    tmp = scenario["tmp"]
    target = scenario["dbs"].new("copymig")
    command = [sys.executable, "-m", "django", "migrate", "-v0"]
    migrate = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=_env(target, tmp))
    assert migrate.returncode == 0, migrate.stderr
    done = _without_client_tools(target, tmp, "restore", "--from", str(copy_backup["file"]))
    assert done.returncode == 0, done.stderr
    _restored_equal(copy_backup["source"], target)
    _verifies(target, tmp)
    before = tables(target)
    done = _without_client_tools(target, tmp, "restore", "--from", str(copy_backup["file"]))
    assert done.returncode == 1 and "is not empty" in done.stderr and tables(target) == before


@needs_postgres
def test_verify_of_a_copy_backup_names_a_table_whose_row_count_differs(scenario, copy_backup):
    bad = scenario["tmp"] / "copy-counts.tar.gz"
    _rewrite(copy_backup["file"], bad, manifest=lambda m: m["tables"].update(auth_user=m["tables"]["auth_user"] + 1))
    done = _without_client_tools(copy_backup["source"], scenario["tmp"], "backup", "--verify", str(bad))
    assert done.returncode == 1 and "table auth_user" in done.stderr and "FAILED" in done.stderr

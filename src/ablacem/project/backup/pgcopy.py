"""PostgreSQL without ``pg_dump``: every table COPYed out in one read-only snapshot, and back in.

Used when PostgreSQL's client tools are not installed (or ``--method copy`` asks for it). The
snapshot is one ``REPEATABLE READ READ ONLY`` transaction, as ``pg_dump`` takes its own: every
table of the database's schema (Django's tables, history, signatures, users, sessions, the
audit chain, the migration state) is written with ``COPY ... TO STDOUT`` in PostgreSQL's text
format, the format ``pg_dump`` itself uses for data, so every value comes back exactly. Sequence
positions are read in the same transaction.

The payload is an uncompressed tar (the backup archive compresses it) holding ``meta.json``
(tables with their columns, sequences, applied migrations) and one ``data/<table>.copy`` per
table. The schema is not in the payload: the restore builds it with ablacem's own migrations,
taken to the backup's migration state, then loads the rows in one transaction (constraints
deferred) and sets every sequence.
"""

from __future__ import annotations

import json
import tarfile
import tempfile
from pathlib import Path

from .archive import BackupError

METHOD = "postgres-copy"
PAYLOAD = "database.pgcopy.tar"
META = "meta.json"
#: Tables the migrations fill by themselves (Django's bookkeeping, the study roles' groups, the
#: default site): a migrated database with rows only there holds no study data yet (the load
#: empties every table before copying the backup's rows in).
BOOKKEEPING_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "edc_site",
    }
)
_BLOCK = 1 << 20


def _connect(settings_dict: dict):
    import psycopg

    options = {
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "dbname": settings_dict["NAME"],
    }
    try:
        return psycopg.connect(**{k: v for k, v in options.items() if v is not None})
    except psycopg.Error as exc:
        raise BackupError(f"cannot connect to PostgreSQL database {settings_dict['NAME']}: {exc}") from exc


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cur) -> list[dict]:
    """Every ordinary or partitioned table of the current schema with its loadable columns."""
    cur.execute(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"
    )
    tables = []
    for oid, name in cur.fetchall():
        cur.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0"
            " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
            (oid,),
        )
        tables.append({"name": name, "columns": [r[0] for r in cur.fetchall()], "file": f"data/{name}.copy"})
    return tables


def _copy_sql(table: dict, direction: str) -> str:
    columns = ", ".join(_quoted(c) for c in table["columns"])
    return f"COPY {_quoted(table['name'])} ({columns}) {direction}"


def snapshot(settings_dict: dict, target: Path) -> None:
    """Write every table, the sequences and the migration state of ``settings_dict``'s database
    to the payload ``target``, all read in one repeatable-read, read-only transaction."""
    import psycopg

    with tempfile.TemporaryDirectory(prefix="ablacem-pgcopy-") as work, _connect(settings_dict) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        files = Path(work)
        (files / "data").mkdir()
        with conn.transaction(), conn.cursor() as cur:
            tables = _tables(cur)
            for table in tables:
                with open(files / table["file"], "wb") as out, cur.copy(_copy_sql(table, "TO STDOUT")) as copy:
                    for block in copy:
                        out.write(block)
            cur.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
            sequences = dict(cur.fetchall())
            migrations = []
            if any(t["name"] == "django_migrations" for t in tables):
                cur.execute("SELECT app, name FROM django_migrations ORDER BY id")
                migrations = [list(row) for row in cur.fetchall()]
        meta = {"tables": tables, "sequences": sequences, "migrations": migrations}
        (files / META).write_text(json.dumps(meta, indent=1), encoding="utf-8")
        with tarfile.open(target, "w") as tar:
            tar.add(files / META, arcname=META)
            for table in tables:
                tar.add(files / table["file"], arcname=table["file"])


def _meta(tar: tarfile.TarFile) -> dict:
    try:
        return json.loads(tar.extractfile(META).read().decode("utf-8"))
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupError(f"the payload's {META} is missing or unreadable ({exc})") from exc


def _open(payload: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(payload, "r:")
    except tarfile.TarError as exc:
        raise BackupError(f"{payload.name} is not a readable COPY payload ({exc})") from exc


def _member(tar: tarfile.TarFile, table: dict):
    try:
        return tar.extractfile(table["file"])
    except KeyError as exc:
        raise BackupError(f"the payload lacks {table['file']} (table {table['name']})") from exc


def table_counts(payload: Path) -> dict[str, int]:
    """Row count of every table in the payload: the lines of its COPY text (one row a line)."""
    counts = {}
    with _open(payload) as tar:
        for table in _meta(tar)["tables"]:
            handle, n = _member(tar, table), 0
            for block in iter(lambda h=handle: h.read(_BLOCK), b""):
                n += block.count(b"\n")
            counts[table["name"]] = n
    return counts


def usernames(payload: Path, *, active_only: bool = True) -> set[str]:
    """The account names in the payload (to check ``--as`` before a restore)."""
    with _open(payload) as tar:
        for table in _meta(tar)["tables"]:
            if table["name"] != "auth_user":
                continue
            name_at, active_at = table["columns"].index("username"), table["columns"].index("is_active")
            cells = [line.split("\t") for line in _member(tar, table).read().decode("utf-8").splitlines()]
            return {c[name_at] for c in cells if not active_only or c[active_at] == "t"}
    return set()


def migration_state(payload: Path) -> set[tuple[str, str]]:
    """The ``(app, migration)`` pairs applied in the backed-up database."""
    with _open(payload) as tar:
        return {(app, name) for app, name in _meta(tar)["migrations"]}


def tables_with_data(cursor, tables: list[str]) -> list[str]:
    """Of ``tables`` (in a migrated database), those that hold rows beyond Django's bookkeeping."""
    holding = []
    for name in tables:
        if name in BOOKKEEPING_TABLES:
            continue
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_quoted(name)})")
        if cursor.fetchone()[0]:
            holding.append(name)
    return holding


def load(payload: Path, settings_dict: dict) -> None:
    """Replace every row of the (migrated, blank) database with the payload's, in one transaction.

    The backed-up tables are emptied, loaded with ``COPY ... FROM STDIN`` with every deferrable
    constraint deferred to the commit (Django's foreign keys are ``DEFERRABLE INITIALLY
    DEFERRED``, so the order of tables does not matter), and each sequence is set to its
    recorded position. Any error rolls the whole load back.

    Raises
    ------
    BackupError
        A table of the backup is missing in the database, or PostgreSQL refused a row.
    """
    import psycopg

    with _open(payload) as tar, _connect(settings_dict) as conn:
        meta = _meta(tar)
        try:
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL DEFERRED")
                cur.execute(
                    "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
                )
                present = {r[0] for r in cur.fetchall()}
                missing = [t["name"] for t in meta["tables"] if t["name"] not in present]
                if missing:
                    raise BackupError(
                        f"the database has no table {', '.join(missing[:5])} of the backup: restore with "
                        "the ablacem version that took it"
                    )
                cur.execute("TRUNCATE " + ", ".join(_quoted(t["name"]) for t in meta["tables"]) + " CASCADE")
                for table in meta["tables"]:
                    handle = _member(tar, table)
                    with cur.copy(_copy_sql(table, "FROM STDIN")) as copy:
                        for block in iter(lambda h=handle: h.read(_BLOCK), b""):
                            copy.write(block)
                for name, last in meta["sequences"].items():
                    # last_value is NULL for a sequence never used: its next value is its start.
                    cur.execute(
                        "SELECT setval(%s::regclass, COALESCE(%s, s.start_value), %s) FROM pg_sequences s"
                        " WHERE s.schemaname = current_schema() AND s.sequencename = %s",
                        (_quoted(name), last, last is not None, name),
                    )
        except psycopg.Error as exc:
            raise BackupError(f"PostgreSQL refused the restore, nothing loaded: {exc}") from exc

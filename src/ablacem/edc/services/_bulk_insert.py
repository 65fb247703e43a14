"""Insert many new records and their history rows quickly: one multi-row INSERT per batch.

Django's ``bulk_create`` (under django-simple-history's ``bulk_create_with_history``) compiles
every value of every row through the SQL compiler and, on SQLite, sends at most 999 parameters
per statement: for the 200,000 records of a 10,000-patient import (and as many history rows)
that was most of two minutes. Here each column is prepared by its field's own
``get_db_prep_save``, skipped only for a Python value the field would store unchanged (text
in a text field, a whole number in an integer field, ...), and a statement carries as many
rows as the database takes parameters. As with ``bulk_create``, no signal is sent and
``save()`` is not called: the caller writes the history rows (:func:`history_rows`) and chains
them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from django.db import connections, models, router, transaction

#: Field classes whose ``get_db_prep_save`` returns a value of this exact Python type as it is
#: (Django 5.2: ``get_prep_value`` is ``str()``, ``bool``, ``float()`` of it).
_STORED_AS_IS = {
    models.CharField: str,
    models.TextField: str,
    models.EmailField: str,
    models.BooleanField: bool,
    models.FloatField: float,
}
#: Integer fields: ``int()`` of an int is itself, then the backend's ``adapt_integerfield_value``.
_INTEGER_FIELDS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)
#: Automatic keys: a foreign key to one stores an int as it is (no ``adapt_integerfield_value``).
_AUTO_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField)
#: Rows per statement at most, whatever the parameter limit (keeps each statement's memory small).
MAX_ROWS_PER_STATEMENT = 2000


def _column_values(field: models.Field, values: list, connection) -> list:
    """``values`` of one column as ``field.get_db_prep_save`` prepares them for ``connection``."""
    slow = field.get_db_prep_save
    target = field.target_field if isinstance(field, models.ForeignKey) else None
    if target is not None and type(target) in _AUTO_FIELDS:
        return [v if v is None or type(v) is int else slow(v, connection) for v in values]
    kind = _STORED_AS_IS.get(type(field))
    if kind is not None:
        return [v if v is None or type(v) is kind else slow(v, connection) for v in values]
    if type(field) in _INTEGER_FIELDS:
        adapt, internal = connection.ops.adapt_integerfield_value, field.get_internal_type()
        return [adapt(v, internal) if type(v) is int else slow(v, connection) for v in values]
    if type(field) is models.DateField:
        adapt = connection.ops.adapt_datefield_value
        return [adapt(v) if type(v) is dt.date else slow(v, connection) for v in values]
    if isinstance(field, models.DateTimeField):
        # The same few instants (the import's time stamp) fill whole columns: prepare each once.
        prepared: dict = {}
        return [prepared[v] if v in prepared else prepared.setdefault(v, slow(v, connection)) for v in values]
    return [slow(v, connection) for v in values]


def _max_parameters(connection) -> int:
    """Parameters one statement may carry: SQLite's compiled-in limit (Django assumes 999), else
    the backend's, else PostgreSQL's protocol limit."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _is_psycopg3(connection) -> bool:
    connection.ensure_connection()
    return connection.vendor == "postgresql" and hasattr(connection.connection, "pgconn")


def _insert_multirow(connection, sql: tuple[str, str, str], values: list[tuple], width: int) -> list:
    """Multi-row INSERTs, as many rows per statement as the parameter limit allows; the keys."""
    head, one_row, tail = sql
    per_statement = max(1, min(MAX_ROWS_PER_STATEMENT, _max_parameters(connection) // width))
    keys: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]
            cursor.execute(head + ", ".join([one_row] * len(chunk)) + tail, [v for row in chunk for v in row])
            # Keys are drawn in the order of the VALUES list; RETURNING's order is not promised.
            keys.extend(sorted(row[0] for row in cursor.fetchall()))
    return keys


def _insert_pipelined(connection, statement: str, values: list[tuple]) -> list:
    """PostgreSQL (psycopg 3): one single-row statement sent for every row in pipeline mode, with
    server-side binding; the keys, in order. (A multi-row statement is parsed for its
    placeholders in Python by psycopg, and Django's default cursor quotes every value in Python:
    both cost more than the insert.)"""
    import psycopg

    keys: list = []
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(statement, values, returning=True)
        while True:
            keys.extend(row[0] for row in cursor.fetchall())
            if not cursor.nextset():
                break
    return keys


def _completed(model: type[models.Model], rows: list[dict], now: dt.datetime) -> list[dict]:
    """Rows with every column but the automatic key, as ``model(**row)`` then ``bulk_create`` store
    them: the defaults of the columns not given, ``now`` in ``auto_now`` and ``auto_now_add``."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    unknown = {key for row in rows for key in row} - {f.attname for f in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    stamped = {
        f.attname: now if isinstance(f, models.DateTimeField) else dt.date.today()
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    per_row = [f for f in fields if f.attname not in stamped and f.has_default() and callable(f.default)]
    constant = {f.attname: f.get_default() for f in fields if f.attname not in stamped and f not in per_row}
    out = []
    for row in rows:
        full = {**constant, **row, **stamped}
        for f in per_row:
            if f.attname not in row:
                full[f.attname] = f.get_default()
        out.append(full)
    return out


def insert_rows(model: type[models.Model], rows: list[dict], *, now: dt.datetime) -> list[dict]:
    """Insert new records of ``model``, in order, in the current transaction.

    Parameters
    ----------
    model : Model class
    rows : list of dict
        Column (``attname``: ``patient_id`` for a foreign key) to Python value; columns not given
        take their default, ``auto_now``/``auto_now_add`` columns take ``now``.
    now : datetime
        The time stamped on the records.

    Returns
    -------
    list of dict
        The rows as stored, each with its new primary key, in the order given.

    Raises
    ------
    TypeError
        A row names a column the model does not have, or a column needs a special placeholder.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        raise NotImplementedError(f"{connection.vendor} cannot return the keys of a multi-row insert")
    full = _completed(model, rows, now)
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    special = [f.name for f in fields if hasattr(f, "get_placeholder")]
    if special:
        raise TypeError(f"{model.__name__}: columns {special} need a placeholder; use bulk_create")
    columns = [_column_values(f, [r[f.attname] for r in full], connection) for f in fields]
    values = list(zip(*columns, strict=True))
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(model._meta.pk.column)}"
    with transaction.atomic(using=connection.alias, savepoint=False):
        if _is_psycopg3(connection):
            keys = _insert_pipelined(connection, head + one_row + tail, values)
        else:
            keys = _insert_multirow(connection, (head, one_row, tail), values, len(fields))
    pk = model._meta.pk.attname
    for row, key in zip(full, keys, strict=True):
        row[pk] = key
    return full


def history_rows(model: type[models.Model], rows: list[dict], *, user, reason: str, extra: dict, now) -> list[dict]:
    """The history rows of newly inserted ``rows``, as django-simple-history's
    ``bulk_history_create`` (3.x) builds them: every tracked column, ``history_type`` ``+``, the
    user, the change reason, ``history_date`` ``now``, and ``extra`` (the actor's columns)."""
    history = model.history.model
    if hasattr(history, "history_relation"):
        raise NotImplementedError(f"{history.__name__}: history_relation is not supported")
    tracked = [f.attname for f in history.tracked_fields]
    stamp = {
        "history_date": now,
        "history_user_id": None if user is None else user.pk,
        "history_change_reason": reason,
        "history_type": "+",
        **extra,
    }
    return [{**{name: row[name] for name in tracked}, **stamp} for row in rows]

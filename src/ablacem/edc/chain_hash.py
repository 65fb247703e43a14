"""Canonical content and hashes of the audit chain (pure Python: no Django).

A record's content is a mapping of column name to value; its canonical form is JSON with
sorted keys, no spaces, UTF-8, where datetimes are ISO 8601 in UTC with microseconds, dates
and times ISO 8601, decimals in plain notation without trailing zeros, floats by ``repr``,
bytes in hex, and lists and mappings (JSON columns) element by element. The same record read
from SQLite or PostgreSQL therefore hashes the same.

Columns holding ``None`` or ``""`` are left out, so that a migration adding a nullable or
blank-by-default column to an audited table leaves the hashes of the rows already chained
unchanged (a migration adding a column with another default to an audited table would break
them: give such columns a null or blank default).
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Mapping

#: ``prev_hash`` of the first link.
GENESIS_HASH = "0" * 64


def canonical_value(value):
    """One value in its canonical JSON-ready form (see the module docstring)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return f"{value.total_seconds()!r}s"
    # JSON columns (a link's saved draft, a measurement's leaks) come back as lists and dicts;
    # their canonical form is the same walk, keys as strings (json.dumps sorts them).
    if isinstance(value, (list, tuple)):
        return [canonical_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): canonical_value(v) for k, v in value.items()}
    raise TypeError(f"no canonical form for {type(value).__name__}")


def canonical_content(source: str, pk, row: Mapping[str, object]) -> bytes:
    """The canonical bytes of record ``pk`` of table ``source`` with column values ``row``."""
    body = {
        "source": source,
        "pk": str(pk),
        "row": {k: canonical_value(v) for k, v in row.items() if v is not None and v != ""},
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def content_hash(source: str, pk, row: Mapping[str, object]) -> str:
    """SHA-256 (hex) of :func:`canonical_content`."""
    return hashlib.sha256(canonical_content(source, pk, row)).hexdigest()


def link_hash(*, seq: int, source: str, source_pk: str, content_hash: str, prev_hash: str) -> str:
    """SHA-256 (hex) of one link: its place, its record, the record's content hash and the link before."""
    text = f"{seq}|{source}|{source_pk}|{content_hash}|{prev_hash}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

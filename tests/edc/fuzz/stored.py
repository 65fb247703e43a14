"""Checks that a stored record's values keep to their column declarations."""

from __future__ import annotations

import datetime as dt
import math

from django.db import models

from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, STRING, Table


def _decimals_ok(value: float, decimals: int) -> bool:
    return round(value, decimals) == value


def problems(record: models.Model, table: Table) -> list[str]:
    """What of ``record`` (reloaded from the database) breaks its columns' declarations."""
    record = type(record).objects.get(pk=record.pk)
    found = []
    names = {f.name: f for f in record._meta.concrete_fields}
    for column in table.columns:
        field = names.get(column.name)
        if field is None:
            continue
        value = getattr(record, field.attname)
        if value is None or value == "":
            continue
        where = f"{table.name}.{column.name}={value!r}"
        if column.codes is not None and str(value) not in column.codes.codes:
            found.append(f"{where}: not a code of {column.codes.name}")
        if column.dtype in (INTEGER, FLOAT):
            if isinstance(value, float) and not math.isfinite(value):
                found.append(f"{where}: not a finite number")
            elif column.range is not None:
                if not column.range.minimum <= value <= column.range.maximum:
                    found.append(f"{where}: outside {column.range.minimum}-{column.range.maximum}")
                if not _decimals_ok(float(value), column.range.decimals):
                    found.append(f"{where}: more than {column.range.decimals} decimals")
        if column.dtype == DATE and not isinstance(value, dt.date):
            found.append(f"{where}: not a date")
        if column.dtype == BOOLEAN and not isinstance(value, bool):
            found.append(f"{where}: not true/false")
        if column.dtype == STRING and getattr(field, "max_length", None) and len(value) > field.max_length:
            found.append(f"{where}: longer than {field.max_length}")
    return found

"""Typed parsing of CSV text columns, reporting the rows that do not parse."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import Problem, csv_line
from .frame import PANDAS_DTYPES
from .schema import BOOLEAN, DATE, FLOAT, INTEGER, Column, Table

_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}
_INT64_LIMIT = 2.0**63
#: The rule a value of each column type must follow, as error messages state it.
TYPE_RULE = {
    INTEGER: "must be a whole number",
    FLOAT: "must be a number",
    DATE: "must be an ISO 8601 date (YYYY-MM-DD)",
    BOOLEAN: "must be true or false",
}


def parse_column(raw: pd.Series, column: Column, filename: str) -> tuple[pd.Series, list[Problem]]:
    """Convert a column of CSV text (missing as NaN) to the column's dtype.

    Parameters
    ----------
    raw : Series of str
        Text values with NaN for empty cells.
    column : Column
        The declaration to parse against.
    filename : str
        For problem messages.

    Returns
    -------
    (Series, list of Problem)
        The typed column, and one problem per cell that could not be parsed (its value is
        set to missing in the typed column).
    """
    text = raw.astype("object").where(raw.notna(), None)
    text = text.map(lambda v: v.strip() if isinstance(v, str) else v)
    text = text.where(text.map(lambda v: v not in ("", None)), None)
    present = text.notna()

    if column.dtype == INTEGER:
        num = pd.to_numeric(text, errors="coerce")
        # Beyond a 64-bit integer (a mistyped 99999999999999999999) is not a whole number we can hold.
        too_big = num.abs().fillna(0) >= _INT64_LIMIT
        bad = present & (num.isna() | (num.fillna(0) % 1 != 0) | too_big)
        typed = num.where(~bad).astype("Int64")
    elif column.dtype == FLOAT:
        num = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = present & (num.isna() | ~np.isfinite(num.fillna(0)))
        typed = num.where(~bad)
    elif column.dtype == DATE:
        typed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        bad = present & typed.isna()
        typed = typed.astype(PANDAS_DTYPES[DATE])
    elif column.dtype == BOOLEAN:
        low = text.map(lambda v: v.lower() if isinstance(v, str) else v)
        mapped = low.map(lambda v: True if v in _TRUE else (False if v in _FALSE else None))
        bad = present & mapped.isna()
        typed = mapped.astype("boolean")
    else:
        typed = text.where(present, np.nan).astype("object")
        bad = pd.Series(False, index=text.index)

    problems = [
        Problem(filename, csv_line(pos), column.name, f"{raw.iloc[pos]!r} {TYPE_RULE[column.dtype]}")
        for pos in np.flatnonzero(bad.to_numpy())
    ]
    return typed, problems


def coerce_column(values: pd.Series, column: Column) -> pd.Series:
    """Cast an in-memory column to its declared dtype (for frames built in code)."""
    if column.dtype == DATE:
        return pd.to_datetime(values).astype(PANDAS_DTYPES[DATE])
    if column.dtype == INTEGER:
        return pd.to_numeric(values).astype("Int64")
    if column.dtype == FLOAT:
        return pd.to_numeric(values).astype("float64")
    if column.dtype == BOOLEAN:
        return values.astype("boolean")
    return values.astype("object").where(values.notna(), np.nan)


def parse_table(table: Table, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse a frame of text cells (NaN where empty) into the table's declared columns and dtypes.

    Declared columns absent from ``raw`` come back empty (the caller decides whether that is a
    problem); columns ``raw`` has beyond the declaration are not returned.

    Returns
    -------
    (DataFrame, list of Problem)
        The typed frame (same index as ``raw``) and one problem per cell that does not parse.
    """
    typed: dict[str, pd.Series] = {}
    problems: list[Problem] = []
    for column in table.columns:
        if column.name in raw:
            typed[column.name], bad = parse_column(raw[column.name], column, table.filename)
            problems += bad
        else:
            typed[column.name] = pd.Series(index=raw.index, dtype=PANDAS_DTYPES.get(column.dtype, "object"))
    return pd.DataFrame(typed, index=raw.index), problems

"""Typed columns to plain text (the CSV, ODM and REDCap writers) and rows of text back (the readers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.dataset import Problem, Table
from ablacem.dataset.parse import parse_table
from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, Column


def format_float(value: float, decimals: int | None = None) -> str:
    """Shortest text that reads back as the same float, or fixed ``decimals`` when given."""
    if decimals is not None:
        return f"{value:.{decimals}f}"
    return np.format_float_positional(value, trim="-")


def as_text(series: pd.Series, column: Column, *, true: str = "true", false: str = "false") -> pd.Series:
    """Render a typed column as text (None where missing).

    Dates become ISO 8601 (YYYY-MM-DD), booleans ``true``/``false`` (or the given words),
    integers whole numbers, floats their shortest round-tripping text.
    """
    present = series.notna()
    if column.dtype == DATE:
        out = series.dt.strftime("%Y-%m-%d")
    elif column.dtype == BOOLEAN:
        out = series.map(lambda v: None if pd.isna(v) else (true if v else false))
    elif column.dtype == INTEGER:
        out = series.map(lambda v: None if pd.isna(v) else str(int(v)))
    elif column.dtype == FLOAT:
        out = series.map(lambda v: None if pd.isna(v) else format_float(float(v)))
    else:
        out = series.map(lambda v: None if pd.isna(v) else str(v))
    return out.astype(object).where(present, None)


def parse_rows(table: Table, rows: list[dict]) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows of text values (a key absent or None where missing) as a typed frame of ``table``.

    Parameters
    ----------
    table : Table
        The tidy table the rows belong to; only its columns are kept.
    rows : list of dict
        Column name to text value, one dict per row.

    Returns
    -------
    (DataFrame, list of Problem)
        The typed frame, and one problem per value that does not parse (left missing); a
        problem's ``row`` is the CSV line the row would have (position + 2).
    """
    raw = pd.DataFrame(rows, columns=table.column_names, dtype=object)
    return parse_table(table, raw.where(raw.notna(), np.nan))

"""Plain-text rendering of typed columns, shared by the CSV, ODM and REDCap writers."""

from __future__ import annotations

import numpy as np
import pandas as pd

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

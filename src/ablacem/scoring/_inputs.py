"""Helpers that let every scoring rule take a DataFrame, a Series, a mapping or scalars."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd


def as_frame(record: pd.DataFrame | pd.Series | Mapping) -> tuple[pd.DataFrame, bool]:
    """Return ``(frame, was_single_record)`` for a DataFrame, a Series or a mapping of values."""
    if isinstance(record, pd.DataFrame):
        return record, False
    if isinstance(record, pd.Series):
        return record.to_frame().T, True
    if isinstance(record, Mapping):
        return pd.DataFrame([dict(record)]), True
    raise TypeError(f"expected a DataFrame, a Series or a mapping, got {type(record).__name__}")


def unwrap(result: pd.Series | pd.DataFrame, single: bool):
    """The first row (or scalar) of ``result`` when the input was a single record."""
    if not single:
        return result
    value = result.iloc[0]
    return None if (not isinstance(value, pd.Series) and pd.isna(value)) else value

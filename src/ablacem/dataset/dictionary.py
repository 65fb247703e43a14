"""``dictionary.csv``: the data dictionary of the tidy dataset, generated from the schema."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .schema import ALL_TABLES
from .spreadsheet_safe import neutralise_frame

DICTIONARY_COLUMNS = ["table", "column", "type", "unit", "allowed_values", "required", "label"]


def dictionary_frame() -> pd.DataFrame:
    """One row per column of every table: table, column, type, unit, allowed values, label."""
    rows = [
        {
            "table": t.name,
            "column": c.name,
            "type": c.dtype,
            "unit": c.unit,
            "allowed_values": c.allowed,
            "required": "yes" if c.required else "no",
            "label": c.label,
        }
        for t in ALL_TABLES
        for c in t.columns
    ]
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def write_dictionary(path: str | Path) -> Path:
    """Write ``dictionary.csv`` to ``path``."""
    path = Path(path)
    neutralise_frame(dictionary_frame()).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path

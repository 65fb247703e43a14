"""CSV export: UTF-8 files with the tidy dataset's codes, plus ``codebook.csv`` describing them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ablacem.dataset.spreadsheet_safe import neutralise_frame

from .codes import column_codelist
from .shapes import ExportFrame
from .text import as_text

CODEBOOK_COLUMNS = ["file", "variable", "label", "type", "unit", "allowed_values"]


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    """Write a frame as every interop CSV is written: UTF-8, ``\\n`` line ends, no index column, and
    text that starts like a spreadsheet formula escaped (:mod:`ablacem.dataset.spreadsheet_safe`;
    numbers, negative ones too, are written as they are)."""
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def write_csv(export: ExportFrame, path: Path) -> Path:
    """Write one export frame: ISO dates, ``true``/``false``, codes as in the tidy dataset."""
    return write_frame(pd.DataFrame({c.name: as_text(export.frame[c.name], c) for c in export.columns}), path)


def write_codebook(exports: list[ExportFrame], path: Path) -> Path:
    """One row per variable of every file: label, type, unit and allowed values (``code=label``)."""
    rows = []
    for export in exports:
        for c in export.columns:
            codelist = column_codelist(c)
            allowed = " | ".join(f"{i.code}={i.label}" for i in codelist.items) if codelist else c.allowed
            rows.append(
                {
                    "file": f"{export.stem}.csv",
                    "variable": c.name,
                    "label": c.label,
                    "type": c.dtype,
                    "unit": c.unit,
                    "allowed_values": allowed,
                }
            )
    return write_frame(pd.DataFrame(rows, columns=CODEBOOK_COLUMNS), path)

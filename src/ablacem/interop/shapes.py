"""Wide and long shapes of the export tables.

- wide: ``patients_wide`` (one row per patient, every assessment item once per timepoint,
  ``vas_worst_m1``) and ``lesions_wide`` (one row per lesion with its procedure and its CT
  results per imaging timepoint, ``local_status_m3``);
- long: ``patients_long`` (one row per patient and scheduled timepoint, patient columns
  repeated; a timepoint without an assessment row has empty assessment columns) and
  ``lesions_long`` (one row per lesion and imaging timepoint);
- both shapes also get ``analgesics`` (one row per analgesic and visit) and ``adverse_events``
  (one row per event), which have no other natural shape.

The identifiers table is never part of these statistical files.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from ablacem.dataset.schema import Column
from ablacem.protocol import IMAGING_TIMEPOINT_CODES, TIMEPOINT_CODES, get_timepoint

from .tableset import TableSet

SHAPES = ("wide", "long", "both")


@dataclass(frozen=True)
class ExportFrame:
    """One file's worth of data: a stem (file name without extension), rows and declarations."""

    stem: str
    frame: pd.DataFrame
    columns: tuple[Column, ...]


def _decls(ts: TableSet, table: str, drop: tuple[str, ...] = ()) -> list[Column]:
    return [c for c in ts.columns[table] if c.name not in drop]


def _spread(
    base: pd.DataFrame,
    base_cols: list[Column],
    rows: pd.DataFrame,
    value_cols: list[Column],
    on: str,
    timepoints: tuple[str, ...],
) -> tuple[pd.DataFrame, list[Column]]:
    """Join ``rows`` (one per ``on`` and timepoint) onto ``base`` once per timepoint, suffixing names."""
    out = base[[c.name for c in base_cols]].copy()
    decls = list(base_cols)
    names = [c.name for c in value_cols]
    for tp in timepoints:
        part = rows.loc[rows["timepoint"] == tp, [on, *names]]
        if part[on].duplicated().any():
            raise ValueError(f"more than one row per {on} at timepoint {tp}")
        part = part.rename(columns={n: f"{n}_{tp}" for n in names})
        out = out.merge(part, on=on, how="left")
        label = get_timepoint(tp).label
        decls += [replace(c, name=f"{c.name}_{tp}", label=f"{c.label}, {label}", required=False) for c in value_cols]
    return out, decls


def _grid(
    base: pd.DataFrame, base_cols: list[Column], rows: pd.DataFrame, on: str, timepoints: tuple[str, ...]
) -> pd.DataFrame:
    grid = base[[c.name for c in base_cols]].merge(pd.DataFrame({"timepoint": list(timepoints)}), how="cross")
    return grid.merge(rows, on=[on, "timepoint"], how="left", suffixes=("", "_row"))


def _lesion_base(ts: TableSet) -> tuple[pd.DataFrame, list[Column]]:
    les_cols = _decls(ts, "lesions")
    proc_cols = _decls(ts, "procedures", drop=("patient_id", "lesion_id"))
    procedures = ts.frames["procedures"][["lesion_id", *[c.name for c in proc_cols]]]
    if procedures["lesion_id"].duplicated().any():
        raise ValueError("a lesion has more than one procedure; the lesion-level files need one per lesion")
    base = ts.frames["lesions"][[c.name for c in les_cols]].merge(procedures, on="lesion_id", how="left")
    return base, les_cols + proc_cols


def patients_wide(ts: TableSet) -> ExportFrame:
    """One row per patient; assessment columns once per timepoint."""
    values = _decls(ts, "assessments", drop=("patient_id", "timepoint"))
    frame, decls = _spread(
        ts.frames["patients"], _decls(ts, "patients"), ts.frames["assessments"], values, "patient_id", TIMEPOINT_CODES
    )
    return ExportFrame("patients_wide", frame, tuple(decls))


def patients_long(ts: TableSet) -> ExportFrame:
    """One row per patient and scheduled timepoint."""
    p_cols = _decls(ts, "patients")
    a_cols = _decls(ts, "assessments", drop=("patient_id",))
    frame = _grid(ts.frames["patients"], p_cols, ts.frames["assessments"], "patient_id", TIMEPOINT_CODES)
    decls = p_cols + [replace(c, required=False) if c.name != "timepoint" else c for c in a_cols]
    return ExportFrame("patients_long", frame[[c.name for c in decls]], tuple(decls))


def lesions_wide(ts: TableSet) -> ExportFrame:
    """One row per lesion: lesion, its procedure, and CT results per imaging timepoint."""
    base, base_cols = _lesion_base(ts)
    values = _decls(ts, "imaging", drop=("patient_id", "lesion_id", "timepoint"))
    frame, decls = _spread(base, base_cols, ts.frames["imaging"], values, "lesion_id", IMAGING_TIMEPOINT_CODES)
    return ExportFrame("lesions_wide", frame, tuple(decls))


def lesions_long(ts: TableSet) -> ExportFrame:
    """One row per lesion and imaging timepoint."""
    base, base_cols = _lesion_base(ts)
    im_cols = _decls(ts, "imaging", drop=("patient_id", "lesion_id"))
    imaging = ts.frames["imaging"][["lesion_id", *[c.name for c in im_cols]]]
    frame = _grid(base, base_cols, imaging, "lesion_id", IMAGING_TIMEPOINT_CODES)
    decls = base_cols + [replace(c, required=False) if c.name != "timepoint" else c for c in im_cols]
    return ExportFrame("lesions_long", frame[[c.name for c in decls]], tuple(decls))


def _plain(ts: TableSet, table: str) -> ExportFrame:
    return ExportFrame(table, ts.frames[table], tuple(ts.columns[table]))


def export_frames(ts: TableSet, shape: str = "both") -> list[ExportFrame]:
    """The files of one shape (``wide``, ``long`` or ``both``), in a fixed order.

    Raises
    ------
    ValueError
        For an unknown shape.
    """
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    out: list[ExportFrame] = []
    if shape in ("wide", "both"):
        out += [patients_wide(ts), lesions_wide(ts)]
    if shape in ("long", "both"):
        out += [patients_long(ts), lesions_long(ts)]
    return [*out, _plain(ts, "analgesics"), _plain(ts, "adverse_events")]

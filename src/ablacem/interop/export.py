"""``export_dataset``: write one format's files for a dataset, de-identified or not."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ablacem.dataset import Dataset

from .csvfiles import write_codebook, write_csv, write_frame
from .deidentify import deidentify as deidentify_tables
from .deidentify import in_pseudonym_order
from .fhir import write_bundles
from .odm import write_odm
from .redcap import data_dictionary, events, export_records, instrument_event_mapping, repeating_instruments
from .shapes import export_frames
from .statfiles import write_dta, write_sav
from .tableset import TableSet

EXPORT_FORMATS = ("csv", "spss", "stata", "odm", "redcap", "fhir")
ODM_FILENAME = "ablacem-odm.xml"
REDCAP_FILES = {
    "records": "redcap_records.csv",
    "dictionary": "redcap_data_dictionary.csv",
    "events": "redcap_events.csv",
    "mapping": "redcap_instrument_event_mapping.csv",
    "repeating": "redcap_repeating_instruments.csv",
}


def export_tables(
    dataset: Dataset,
    *,
    identifiers: bool,
    deidentify: bool = False,
    key: bytes | None = None,
    date_mode: str = "relative",
    shifts: Mapping[str, int] | None = None,
) -> TableSet:
    """The tables an export writes: the dataset as it is, or de-identified in pseudonym order.

    Parameters
    ----------
    dataset : Dataset
        A valid tidy dataset.
    identifiers : bool
        Keep the identifiers table (identified exports only; de-identification always drops it).
    deidentify, key, date_mode, shifts
        As for :func:`export_dataset`.

    Returns
    -------
    TableSet

    Raises
    ------
    ValueError
        De-identification without a usable key, or an unknown date mode.
    """
    if not deidentify:
        return TableSet.from_dataset(dataset, include_identifiers=identifiers)
    if key is None:
        raise ValueError("a de-identified export needs the pseudonym key")
    return in_pseudonym_order(deidentify_tables(dataset, key=key, date_mode=date_mode, shifts=shifts))


def export_dataset(
    dataset: Dataset,
    fmt: str,
    out_dir: str | Path,
    *,
    deidentify: bool = False,
    key: bytes | None = None,
    date_mode: str = "relative",
    shifts: Mapping[str, int] | None = None,
    shape: str = "both",
) -> list[Path]:
    """Write the files of one export format into ``out_dir``.

    Parameters
    ----------
    dataset : Dataset
        A valid tidy dataset.
    fmt : {"csv", "spss", "stata", "odm", "redcap", "fhir"}
        ``csv``: ``<table>.csv`` per shape plus ``codebook.csv``; ``spss``: ``.sav``; ``stata``:
        ``.dta``; ``odm``: ``ablacem-odm.xml``; ``redcap``: records, data dictionary, events,
        instrument-event mapping and repeating instruments (``redcap_*.csv``); ``fhir``: one
        FHIR R4 transaction Bundle per patient, ``<patient>.json``
        (:func:`ablacem.interop.fhir.write_bundles`; de-identified dates are always shifted,
        ``date_mode`` and ``shape`` do not apply).
    out_dir : path
        Created if needed.
    deidentify : bool
        De-identify first (:func:`ablacem.interop.deidentify.deidentify`); needs ``key``. Rows
        are then in the order of the pseudonyms, not of the study IDs.
    key : bytes, optional
        Pseudonym key (at least 16 bytes).
    date_mode : {"relative", "shift"}
        De-identified dates: days from the procedure, or shifted per patient.
    shifts : mapping of str to int, optional
        Secret per-patient shifts in days (shift mode), by patient ID.
    shape : {"wide", "long", "both"}
        For csv, spss and stata: one row per patient (and per lesion), one row per patient and
        timepoint (and per lesion and imaging timepoint), or both.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    ValueError
        Unknown format or shape, or de-identification without a usable key.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if fmt == "fhir":
        if deidentify and key is None:
            raise ValueError("a de-identified export needs the pseudonym key")
        # FHIR dates are dates: days from the procedure cannot be written, so always shift.
        return write_bundles(dataset, out_dir, deidentify=deidentify, key=key, shifts=shifts)
    ts = export_tables(
        dataset,
        identifiers=fmt in ("odm", "redcap"),
        deidentify=deidentify,
        key=key,
        date_mode=date_mode,
        shifts=shifts,
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "odm":
        return [write_odm(ts, out / ODM_FILENAME)]
    if fmt == "redcap":
        return [
            write_frame(export_records(ts), out / REDCAP_FILES["records"]),
            write_frame(data_dictionary(ts), out / REDCAP_FILES["dictionary"]),
            write_frame(events(), out / REDCAP_FILES["events"]),
            write_frame(instrument_event_mapping(ts), out / REDCAP_FILES["mapping"]),
            write_frame(repeating_instruments(ts), out / REDCAP_FILES["repeating"]),
        ]
    frames = export_frames(ts, shape)
    if fmt == "csv":
        return [write_csv(f, out / f"{f.stem}.csv") for f in frames] + [write_codebook(frames, out / "codebook.csv")]
    if fmt == "spss":
        return [write_sav(f, out / f"{f.stem}.sav") for f in frames]
    return [write_dta(f, out / f"{f.stem}.dta") for f in frames]

"""De-identification of the tidy dataset for export.

What is removed or changed (HIPAA Safe Harbor, 45 CFR 164.514(b)(2), as the model; the study's
data protection officer remains responsible for the release decision):

- the ``identifiers`` table (names, hospital numbers, dates of birth) is dropped entirely, and
  every other column flagged ``identifier=True`` or ``free_text=True`` in
  :mod:`ablacem.dataset.schema`;
- patient IDs become a keyed hash, ``"P-"`` + the first 10 hex digits of
  HMAC-SHA256(key, ``"patient:" + id``): stable across exports made with the same key, not
  reversible without it. Lesion, procedure and adverse-event IDs are re-keyed the same way
  (``"L-"``, ``"R-"``, ``"AE-"``) so that they do not carry the patient ID either;
- dates: ``date_mode="relative"`` replaces each date by the number of days from that patient's
  procedure (day 0, the earliest procedure date), in a column renamed ``<column>_day`` (empty
  for a patient without a procedure: there is no day 0 to count from);
  ``date_mode="shift"`` moves every date of a patient by the same secret offset (given in
  ``shifts`` by patient ID, else derived from the key with HMAC, 1 to 180 days either way), so
  intervals are kept and calendar dates are not;
- ages above 89 are top-coded to 90 (Safe Harbor: ages over 89 are an identifier);
- exported files list patients in the order of their pseudonyms (:func:`in_pseudonym_order`),
  not by study ID: rows in enrolment order would let anyone who knows the study IDs (which
  are sequential) map each pseudonym back to its study ID.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from ablacem.dataset import Dataset, conform
from ablacem.dataset.consistency import procedure_dates
from ablacem.dataset.schema import DATE, INTEGER

from .tableset import TableSet

DATE_MODES = ("relative", "shift")
#: Safe Harbor: ages over 89 are aggregated into one category, reported as 90.
AGE_TOP_CODE = 90
MAX_SHIFT_DAYS = 180
MIN_KEY_BYTES = 16
#: Re-keyed ID columns and the prefix of their pseudonyms.
ID_PREFIXES = {"patient_id": "P-", "lesion_id": "L-", "procedure_id": "R-", "ae_id": "AE-"}
_HASH_HEX = 10


def check_key(key: bytes | None) -> bytes:
    """Return ``key`` if it can key the pseudonyms, else raise ValueError saying why."""
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"de-identification needs a secret key of at least {MIN_KEY_BYTES} bytes")
    return bytes(key)


def _digest(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def pseudonym(key: bytes, kind: str, value: str) -> str:
    """Keyed pseudonym of one ID (``kind`` is the ID column, e.g. ``"patient_id"``)."""
    return ID_PREFIXES[kind] + _digest(key, f"{kind.removesuffix('_id')}:{value}").hex()[:_HASH_HEX]


def derived_shift(key: bytes, patient_id: str) -> int:
    """Per-patient date offset derived from the key: 1 to 180 days, earlier or later (never 0)."""
    n = int.from_bytes(_digest(key, f"shift:{patient_id}")[:4], "big")
    days = n % MAX_SHIFT_DAYS + 1
    return days if (n >> 31) & 1 else -days


def _rekey(series: pd.Series, key: bytes, kind: str) -> pd.Series:
    values = series.dropna().unique()
    mapping = {v: pseudonym(key, kind, str(v)) for v in values}
    if len(set(mapping.values())) != len(mapping):  # 40-bit hashes: practically never
        raise ValueError(f"two {kind} values share a pseudonym; use another key")
    return series.map(mapping).astype(object)


def deidentify(
    dataset: Dataset,
    *,
    key: bytes,
    date_mode: str = "relative",
    shifts: Mapping[str, int] | None = None,
) -> TableSet:
    """A de-identified copy of ``dataset``, ready for any export format.

    Parameters
    ----------
    dataset : Dataset
        A tidy dataset (identifiers may be present; they are dropped).
    key : bytes
        Secret pseudonym key (at least 16 bytes); the same key gives the same pseudonyms.
    date_mode : {"relative", "shift"}
        Days from the procedure (columns renamed ``<column>_day``) or per-patient shifted dates.
    shifts : mapping of str to int, optional
        Shift mode only: the secret offset in days of every patient, by original patient ID (the
        EDC keeps them in its database). Without it offsets are derived from the key.

    Returns
    -------
    TableSet
        ``deidentified=True``; no identifiers table, no free text.

    Raises
    ------
    ValueError
        Bad key or date mode, or ``shifts`` lacks a patient.
    """
    key = check_key(key)
    if date_mode not in DATE_MODES:
        raise ValueError(f"date_mode must be one of {', '.join(DATE_MODES)}, not {date_mode!r}")
    base = TableSet.from_dataset(dataset, include_identifiers=False)
    patient_ids = [str(p) for p in base.frames["patients"]["patient_id"].dropna()]
    if date_mode == "shift":
        if shifts is None:
            offsets = {p: derived_shift(key, p) for p in patient_ids}
        else:
            missing = [p for p in patient_ids if p not in shifts]
            if missing:
                raise ValueError(f"no date shift given for {len(missing)} patient(s), e.g. {missing[0]}")
            offsets = {p: int(shifts[p]) for p in patient_ids}
    day0 = procedure_dates(dataset)

    frames: dict[str, pd.DataFrame] = {}
    columns: dict[str, tuple] = {}
    sources: dict[tuple[str, str], str] = {}
    for name, frame in base.frames.items():
        out: dict[str, pd.Series] = {}
        decls = []
        pid = frame["patient_id"]
        for col in base.columns[name]:
            if col.identifier or col.free_text:
                continue
            s = frame[col.name]
            if col.dtype == DATE:
                if date_mode == "relative":
                    days = (s - pid.map(day0).astype("datetime64[ns]")).dt.days
                    new = replace(
                        col,
                        name=f"{col.name}_day",
                        dtype=INTEGER,
                        label=f"{col.label} (days from procedure)",
                        unit="days",
                        range=None,
                        required=False,
                    )
                    out[new.name] = days.astype("Int64")
                    sources[(name, new.name)] = col.name
                    decls.append(new)
                    continue
                s = s + pd.to_timedelta(pid.map(offsets).astype("float64"), unit="D")
            elif col.name in ID_PREFIXES:
                s = _rekey(s, key, col.name)
                col = replace(col, label=f"{col.label} (pseudonym)")
            elif name == "patients" and col.name == "age":
                s = s.where(~(s > AGE_TOP_CODE - 1).fillna(False), AGE_TOP_CODE)
                col = replace(col, label=f"{col.label} (over 89 reported as 90)")
            out[col.name] = s
            decls.append(col)
        frames[name] = pd.DataFrame(out, index=frame.index).reset_index(drop=True)
        columns[name] = tuple(decls)
    return TableSet(frames, columns, deidentified=True, date_mode=date_mode, sources=sources)


def in_pseudonym_order(ts: TableSet) -> TableSet:
    """The same de-identified tables with every table's rows sorted by pseudonymised patient ID.

    The sort is stable, so one patient's rows keep their order (lesions, timepoints, instances).

    Parameters
    ----------
    ts : TableSet
        A de-identified table set (from :func:`deidentify`).

    Returns
    -------
    TableSet
        A new table set; ``ts`` is left unchanged.

    Raises
    ------
    ValueError
        If ``ts`` is not de-identified (study IDs in sorted order would reveal nothing new, but
        identified exports keep the order of the study).
    """
    if not ts.deidentified:
        raise ValueError("only de-identified tables are put in pseudonym order")
    frames = {
        name: frame.sort_values("patient_id", kind="stable").reset_index(drop=True) for name, frame in ts.frames.items()
    }
    return replace(ts, frames=frames)


def deidentified_dataset(dataset: Dataset, *, key: bytes, shifts: Mapping[str, int] | None = None) -> Dataset:
    """A de-identified copy that is still a valid tidy dataset (dates shifted, IDs re-keyed).

    The shift mode of :func:`deidentify` keeps every column's name and type, so its tables are
    a tidy dataset again: a statistician can run ``ablacem report`` on it. Identifiers and free
    text are gone (free-text columns are left empty), ages over 89 are top-coded, and rows are
    in pseudonym order (study order would reveal which pseudonym is which sequential study ID).

    Parameters
    ----------
    dataset : Dataset
    key : bytes
        Pseudonym key (at least 16 bytes).
    shifts : mapping of str to int, optional
        Secret per-patient offsets in days (the EDC's); derived from the key when absent.

    Returns
    -------
    Dataset
        Conformed to the schema.
    """
    tables = in_pseudonym_order(deidentify(dataset, key=key, date_mode="shift", shifts=shifts))
    return conform(Dataset(dict(tables.frames)))

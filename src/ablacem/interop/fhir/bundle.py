"""FHIR R4 transaction Bundles, one per patient, from a tidy dataset.

The entry points: :func:`patient_bundle` (one patient, e.g. for an API endpoint),
:func:`patient_bundles` (every patient) and :func:`write_bundles` (one JSON file per patient).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ablacem.dataset import Dataset, conform
from ablacem.protocol import codelists as cl
from ablacem.scoring import mme, qlqc30

from ..deidentify import check_key, deidentified_dataset, pseudonym
from .observations import omed_entry, score_entries
from .questionnaire import questionnaire_entry, response_entry, response_url
from .resources import (
    adverse_event_entry,
    imaging_entries,
    lesion_entry,
    patient_entry,
    primary_entry,
    procedure_entries,
)


@dataclass(frozen=True)
class _Prepared:
    """The dataset a bundle is built from, with what is computed once for every patient."""

    data: Dataset
    deidentified: bool
    scores: pd.DataFrame
    omed: pd.DataFrame


def _prepare(dataset: Dataset, *, deidentify: bool, key: bytes | None, shifts: Mapping[str, int] | None) -> _Prepared:
    if deidentify:
        data = deidentified_dataset(dataset, key=check_key(key), shifts=shifts)
    else:
        data = conform(dataset)
    a = data["assessments"]
    done = a[a["status"].eq(cl.DONE).fillna(False).to_numpy(bool)]
    scores = qlqc30.score(done)
    omed = mme.omed(data["analgesics"], visits=a)
    return _Prepared(data, deidentify, scores, omed)


def _rows(frame: pd.DataFrame, pid: str) -> pd.DataFrame:
    return frame[frame["patient_id"].astype(str).eq(pid).to_numpy(bool)]


def _entries(prep: _Prepared, pid: str) -> list[dict]:
    d = prep.data
    patient = _rows(d["patients"], pid).iloc[0]
    ids = None
    if not prep.deidentified:
        found = _rows(d["identifiers"], pid)
        ids = found.iloc[0] if len(found) else None
    entries = [patient_entry(patient, ids, deidentified=prep.deidentified), primary_entry(patient)]
    lesions = _rows(d["lesions"], pid)
    sites = dict(zip(lesions["lesion_id"].astype(str), lesions["site"], strict=True))
    entries += [lesion_entry(row) for _, row in lesions.iterrows()]

    procedure_urls: dict[tuple[str, str], str] = {}
    for _, row in _rows(d["procedures"], pid).iterrows():
        for entry in procedure_entries(row, sites.get(str(row["lesion_id"]))):
            kind = entry["resource"]["category"]["coding"][0]["code"]
            procedure_urls[(str(row["lesion_id"]), kind)] = entry["fullUrl"]
            entries.append(entry)

    assessments = _rows(d["assessments"], pid)
    done = assessments[assessments["status"].eq(cl.DONE).fillna(False).to_numpy(bool)]
    if len(done):
        entries.append(questionnaire_entry())
    omed = _rows(prep.omed, pid).set_index("timepoint")["omed"]
    for index, row in done.iterrows():
        response = response_entry(row)
        if response is not None:
            entries.append(response)
        url = response_url(pid, str(row["timepoint"])) if response is not None else None
        entries += score_entries(row, prep.scores.loc[index], url)
        tp = str(row["timepoint"])
        omed_obs = omed_entry(pid, tp, row["assessed_on"], omed.get(tp))
        if omed_obs is not None:
            entries.append(omed_obs)

    for _, row in _rows(d["imaging"], pid).iterrows():
        entries += imaging_entries(row)
    entries += [adverse_event_entry(row, procedure_urls) for _, row in _rows(d["adverse_events"], pid).iterrows()]
    return entries


def _bundle(entries: list[dict]) -> dict:
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}


def patient_bundle(
    dataset: Dataset,
    patient_id: str,
    *,
    deidentify: bool,
    key: bytes | None = None,
    shifts: Mapping[str, int] | None = None,
) -> dict:
    """The FHIR R4 transaction Bundle of one patient, as JSON-ready data.

    Parameters
    ----------
    dataset : Dataset
        A valid tidy dataset (identifiers used only when not de-identifying).
    patient_id : str
        The study ID of the patient (also when de-identifying: the bundle then carries its
        pseudonym).
    deidentify : bool
        De-identify first (:func:`ablacem.interop.deidentify.deidentified_dataset`): pseudonym
        instead of the study ID, dates shifted per patient, no name, hospital number, birth
        date or free text, ages over 89 top-coded.
    key : bytes, optional
        The pseudonym key (at least 16 bytes); required when de-identifying.
    shifts : mapping of str to int, optional
        The secret per-patient date shifts in days, by study ID (else derived from the key).

    Returns
    -------
    dict
        A Bundle of type ``transaction``; every entry has a deterministic ``urn:uuid`` fullUrl
        and a conditional update request.

    Raises
    ------
    KeyError
        If the dataset has no patient ``patient_id``.
    ValueError
        De-identification without a usable key.
    """
    pid = str(patient_id)
    if pid not in set(dataset["patients"]["patient_id"].astype(str)):
        raise KeyError(f"patient_id: no patient {pid!r} in the dataset")
    if deidentify:
        one = Dataset({name: _rows(frame, pid) for name, frame in dataset.tables.items()})
        prep = _prepare(one, deidentify=True, key=key, shifts=shifts)
        pid = pseudonym(check_key(key), "patient_id", pid)
    else:
        prep = _prepare(dataset, deidentify=False, key=None, shifts=None)
    return _bundle(_entries(prep, pid))


def patient_bundles(
    dataset: Dataset,
    *,
    deidentify: bool = False,
    key: bytes | None = None,
    shifts: Mapping[str, int] | None = None,
) -> Iterator[tuple[str, dict]]:
    """``(patient ID or pseudonym, Bundle)`` of every patient; arguments as :func:`patient_bundle`.

    De-identified bundles come in the order of the pseudonyms (not the study order, which
    would tell which pseudonym is which sequential study ID).
    """
    prep = _prepare(dataset, deidentify=deidentify, key=key, shifts=shifts)
    for pid in prep.data["patients"]["patient_id"].astype(str):
        yield pid, _bundle(_entries(prep, pid))


def bundle_json(bundle: dict) -> str:
    """The Bundle as JSON text: keys in a fixed order, so that equal bundles give equal files."""
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def write_bundles(
    dataset: Dataset,
    out_dir: str | Path,
    *,
    deidentify: bool = False,
    key: bytes | None = None,
    shifts: Mapping[str, int] | None = None,
    validate: bool = True,
) -> list[Path]:
    """Write ``<patient>.json``, one transaction Bundle per patient, into ``out_dir``.

    Parameters
    ----------
    dataset, deidentify, key, shifts
        As for :func:`patient_bundle`.
    out_dir : path
        Created if needed.
    validate : bool
        Check every bundle against the FHIR R4 models first (:func:`.validate.validate_bundle`).

    Returns
    -------
    list of Path
        The files written, one per patient (named by the pseudonym when de-identified).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for pid, bundle in patient_bundles(dataset, deidentify=deidentify, key=key, shifts=shifts):
        if validate:
            from .validate import validate_bundle

            validate_bundle(bundle)
        path = out / f"{pid}.json"
        path.write_text(bundle_json(bundle), encoding="utf-8")
        written.append(path)
    return written

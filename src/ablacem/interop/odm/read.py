"""Read an ODM 1.3.2 file written by :mod:`ablacem.interop.odm.write` back into a tidy dataset.

Parsed with the standard library's ElementTree: reading needs only the ItemDefs and the
ClinicalData values, and odmlib's loader would build the whole object model first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ablacem.dataset import Dataset, DatasetError, conform, validate
from ablacem.dataset.schema import ALL_TABLES, TABLES
from ablacem.protocol import TIMEPOINTS

from ..text import parse_rows
from .layout import ODM_NS, ODM_VERSION, STUDY_EVENT, event_oid, group_oid

NS = {"odm": ODM_NS}


def read_odm(path: str | Path) -> Dataset:
    """Read an ODM 1.3.2 file's clinical data as a tidy dataset.

    Parameters
    ----------
    path : path
        An ODM file of this study (its ItemDef names are the tidy column names).

    Returns
    -------
    Dataset
        Validated.

    Raises
    ------
    ValueError
        When the file holds items that are not tidy columns (e.g. a de-identified file with
        days relative to the procedure), or values that do not parse.
    DatasetError
        When the data break the tidy schema.
    """
    root = ET.parse(path).getroot()
    if root.get("ODMVersion") != ODM_VERSION:
        raise ValueError(f"{path}: not an ODM {ODM_VERSION} file (ODMVersion {root.get('ODMVersion')!r})")
    groups = {group_oid(t.name): t.name for t in ALL_TABLES}
    events = {event_oid(t.code): t.code for t in TIMEPOINTS}
    names = {d.get("OID"): d.get("Name") for d in root.iterfind(".//odm:MetaDataVersion/odm:ItemDef", NS)}
    rows: dict[str, list[dict]] = {t.name: [] for t in ALL_TABLES}
    unknown: set[str] = set()
    for subject in root.iterfind(".//odm:ClinicalData/odm:SubjectData", NS):
        pid = subject.get("SubjectKey")
        for event in subject.iterfind("odm:StudyEventData", NS):
            oid = event.get("StudyEventOID")
            timepoint = events.get(oid)
            if timepoint is None and oid != STUDY_EVENT:
                raise ValueError(f"{path}: subject {pid}: unknown study event {oid}")
            for group in event.iterfind("odm:FormData/odm:ItemGroupData", NS):
                table = groups.get(group.get("ItemGroupOID"))
                if table is None:
                    raise ValueError(f"{path}: subject {pid}: unknown item group {group.get('ItemGroupOID')}")
                row = {"patient_id": pid}
                if timepoint is not None:
                    row["timepoint"] = timepoint
                for item in group.iterfind("odm:ItemData", NS):
                    name = names.get(item.get("ItemOID"), item.get("ItemOID"))
                    if name not in TABLES[table].column_names:
                        unknown.add(f"{table}.{name}")
                    row[name] = item.get("Value")
                rows[table].append(row)
    if unknown:
        raise ValueError(
            f"{path}: items that are not columns of the tidy dataset ({', '.join(sorted(unknown))});"
            " a de-identified file with relative days cannot be read back as a tidy dataset"
        )
    tables = {}
    problems = []
    for table in ALL_TABLES:
        tables[table.name], bad = parse_rows(table, rows[table.name])
        problems += bad
    if problems:
        raise DatasetError(problems)
    return validate(conform(Dataset(tables)))

"""Write CDISC ODM 1.3.2 XML (metadata and clinical data) with odmlib.

The document validates against the ODM 1.3.2 XSD (``ODM1-3-2.xsd``, shipped by odmlib under
``odmlib/schemas/odm/1.3.2``); see :func:`ablacem.interop.odm.validate.schema_errors`. Layout:
:mod:`ablacem.interop.odm.layout`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import odmlib.odm_1_3_2.model as ODM
import pandas as pd

from ablacem.dataset import Dataset
from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, Column
from ablacem.protocol import TIMEPOINTS, study

from ..codes import column_codelist
from ..tableset import TableSet
from ..text import as_text
from .layout import (
    REPEATING_TABLES,
    STRUCTURAL,
    STUDY_EVENT,
    STUDY_TABLES,
    codelist_oid,
    event_oid,
    form_oid,
    group_oid,
    item_oid,
    visit_tables,
)

ODM_VERSION = "1.3.2"
_DATA_TYPES = {DATE: "date", INTEGER: "integer", FLOAT: "float", BOOLEAN: "boolean"}


def _text(value: str) -> ODM.TranslatedText:
    return ODM.TranslatedText(_content=value, lang="en")


def _items(ts: TableSet, table: str) -> list[Column]:
    return [c for c in ts.columns[table] if c.name not in STRUCTURAL]


def _item_def(table: str, column: Column) -> ODM.ItemDef:
    codelist = column_codelist(column)
    data_type = _DATA_TYPES.get(column.dtype, "text")
    if codelist is not None and column.dtype == INTEGER:
        data_type = "integer"
    item = ODM.ItemDef(OID=item_oid(table, column.name), Name=column.name, DataType=data_type)
    if column.dtype == FLOAT and column.range is not None:
        item.SignificantDigits = column.range.decimals
    item.Question = ODM.Question(TranslatedText=[_text(column.label)])
    if column.range is not None and codelist is None:
        for comparator, bound in (("GE", column.range.minimum), ("LE", column.range.maximum)):
            check = ODM.RangeCheck(Comparator=comparator, SoftHard="Hard")
            check.CheckValue.append(ODM.CheckValue(_content=f"{bound:g}"))
            item.RangeCheck.append(check)
    if codelist is not None:
        item.CodeListRef = ODM.CodeListRef(CodeListOID=codelist_oid(codelist.name))
    return item


def _code_list(codelist, data_type: str) -> ODM.CodeList:
    out = ODM.CodeList(OID=codelist_oid(codelist.name), Name=codelist.label, DataType=data_type)
    for item in codelist.items:
        out.CodeListItem.append(
            ODM.CodeListItem(CodedValue=item.code, Decode=ODM.Decode(TranslatedText=[_text(item.label)]))
        )
    return out


def metadata_version(ts: TableSet) -> ODM.MetaDataVersion:
    """The ``MetaDataVersion``: protocol, events, forms, item groups, items and code lists."""
    oid = f"MDV.{study.STUDY_OID}.{'DEID.' + ts.date_mode.upper() if ts.deidentified else 'FULL'}"
    name = f"{study.STUDY_SHORT_TITLE}, de-identified" if ts.deidentified else study.STUDY_SHORT_TITLE
    mdv = ODM.MetaDataVersion(OID=oid, Name=name)
    events = [(STUDY_EVENT, "Study", "Common", [t for t in STUDY_TABLES if t in ts.columns])]
    events += [(event_oid(tp.code), tp.label, "Scheduled", list(visit_tables(tp.code))) for tp in TIMEPOINTS]
    protocol = ODM.Protocol()
    for n, (oid, name, kind, tables) in enumerate(events, start=1):
        protocol.StudyEventRef.append(ODM.StudyEventRef(StudyEventOID=oid, OrderNumber=n, Mandatory="No"))
        sed = ODM.StudyEventDef(OID=oid, Name=name, Repeating="No", Type=kind)
        for m, table in enumerate(tables, start=1):
            sed.FormRef.append(ODM.FormRef(FormOID=form_oid(table), OrderNumber=m, Mandatory="No"))
        mdv.StudyEventDef.append(sed)
    mdv.Protocol = protocol
    tables = [t for t in (*STUDY_TABLES, *("assessments", "analgesics", "imaging")) if t in ts.columns]
    codelists: dict[str, tuple] = {}
    for table in tables:
        form = ODM.FormDef(OID=form_oid(table), Name=table, Repeating="No")
        form.ItemGroupRef.append(ODM.ItemGroupRef(ItemGroupOID=group_oid(table), Mandatory="Yes"))
        mdv.FormDef.append(form)
    for table in tables:
        group = ODM.ItemGroupDef(
            OID=group_oid(table), Name=table, Repeating="Yes" if table in REPEATING_TABLES else "No"
        )
        for n, column in enumerate(_items(ts, table), start=1):
            group.ItemRef.append(
                ODM.ItemRef(
                    ItemOID=item_oid(table, column.name),
                    OrderNumber=n,
                    Mandatory="Yes" if column.required else "No",
                )
            )
        mdv.ItemGroupDef.append(group)
    for table in tables:
        for column in _items(ts, table):
            mdv.ItemDef.append(_item_def(table, column))
            codelist = column_codelist(column)
            if codelist is not None:
                codelists[codelist.name] = (codelist, "integer" if column.dtype == INTEGER else "text")
    for codelist, data_type in codelists.values():
        mdv.CodeList.append(_code_list(codelist, data_type))
    return mdv


def _group_data(ts: TableSet, table: str, rows: pd.DataFrame) -> list[ODM.ItemGroupData]:
    columns = _items(ts, table)
    rendered = {c.name: as_text(rows[c.name], c) for c in columns}
    out = []
    for n, position in enumerate(range(len(rows)), start=1):
        group = ODM.ItemGroupData(ItemGroupOID=group_oid(table))
        if table in REPEATING_TABLES:
            group.ItemGroupRepeatKey = str(n)
        for c in columns:
            value = rendered[c.name].iloc[position]
            if value is not None:
                group.ItemData.append(ODM.ItemData(ItemOID=item_oid(table, c.name), Value=value))
        out.append(group)
    return out


def _event_data(ts: TableSet, oid: str, tables: list[str], by_table: dict[str, pd.DataFrame]):
    event = ODM.StudyEventData(StudyEventOID=oid)
    for table in tables:
        rows = by_table.get(table)
        if rows is None or rows.empty:
            continue
        form = ODM.FormData(FormOID=form_oid(table))
        form.ItemGroupData.extend(_group_data(ts, table, rows))
        event.FormData.append(form)
    return event if event.FormData else None


def clinical_data(ts: TableSet, mdv_oid: str) -> ODM.ClinicalData:
    """``ClinicalData``: one ``SubjectData`` per patient, in the patients table's order."""
    clinical = ODM.ClinicalData(StudyOID=study.STUDY_OID, MetaDataVersionOID=mdv_oid)
    grouped = {name: dict(tuple(frame.groupby("patient_id", sort=False))) for name, frame in ts.frames.items()}
    for pid in ts.frames["patients"]["patient_id"]:
        subject = ODM.SubjectData(SubjectKey=str(pid))
        mine = {t: grouped[t].get(pid) for t in grouped}
        study_tables = [t for t in STUDY_TABLES if t in ts.columns]
        event = _event_data(ts, STUDY_EVENT, study_tables, mine)
        if event is not None:
            subject.StudyEventData.append(event)
        for tp in TIMEPOINTS:
            at = {
                t: frame[frame["timepoint"] == tp.code]
                for t in visit_tables(tp.code)
                if (frame := mine.get(t)) is not None
            }
            event = _event_data(ts, event_oid(tp.code), list(visit_tables(tp.code)), at)
            if event is not None:
                subject.StudyEventData.append(event)
        clinical.SubjectData.append(subject)
    return clinical


def odm_document(data: Dataset | TableSet, *, created: dt.datetime | None = None) -> ODM.ODM:
    """The whole ODM document (odmlib object) for a dataset or table set."""
    ts = data if isinstance(data, TableSet) else TableSet.from_dataset(data)
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamp = created.isoformat()
    root = ODM.ODM(
        FileOID=f"ODM.{study.STUDY_OID}.{created:%Y%m%dT%H%M%S}",
        FileType="Snapshot",
        Granularity="All",
        CreationDateTime=stamp,
        ODMVersion=ODM_VERSION,
        Originator="ablacem",
        SourceSystem="ablacem",
    )
    st = ODM.Study(OID=study.STUDY_OID)
    st.GlobalVariables = ODM.GlobalVariables(
        StudyName=ODM.StudyName(_content=study.STUDY_SHORT_TITLE),
        StudyDescription=ODM.StudyDescription(_content=study.STUDY_TITLE),
        ProtocolName=ODM.ProtocolName(_content=study.STUDY_OID),
    )
    mdv = metadata_version(ts)
    st.MetaDataVersion.append(mdv)
    root.Study.append(st)
    root.ClinicalData.append(clinical_data(ts, mdv.OID))
    return root


def write_odm(data: Dataset | TableSet, path: str | Path) -> Path:
    """Write an ODM 1.3.2 XML file and return its path."""
    path = Path(path)
    odm_document(data).write_xml(str(path))
    return path

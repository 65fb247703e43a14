"""Write CDISC ODM 1.3.2 XML (metadata and clinical data).

The study metadata is built with odmlib's typed model (it checks attribute types and element
order). The clinical data is appended with ElementTree: odmlib builds one validated Python
object per ``ItemData``, which takes seconds for a cohort's few thousand values, while the
clinical data's structure is simple and checked by the XSD in the tests.
The document validates against the ODM 1.3.2 XSD (``ODM1-3-2.xsd``, shipped by odmlib under
``odmlib/schemas/odm/1.3.2``); see :func:`ablacem.interop.odm.schema.schema_errors`. Layout:
:mod:`ablacem.interop.odm.layout`.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import odmlib.odm_1_3_2.model as ODM

from ablacem.dataset import Dataset
from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, Column
from ablacem.protocol import TIMEPOINTS, study

from ..codes import column_codelist
from ..tableset import TableSet
from ..text import as_text
from .layout import (
    ODM_NS,
    ODM_VERSION,
    REPEATING_TABLES,
    STRUCTURAL,
    STUDY_EVENT,
    STUDY_TABLES,
    VISIT_TABLES,
    codelist_oid,
    event_oid,
    form_oid,
    group_oid,
    item_oid,
    visit_tables,
)

_DATA_TYPES = {DATE: "date", INTEGER: "integer", FLOAT: "float", BOOLEAN: "boolean"}


def _text(value: str) -> ODM.TranslatedText:
    return ODM.TranslatedText(_content=value, lang="en")


def _items(ts: TableSet, table: str) -> list[Column]:
    return [c for c in ts.columns[table] if c.name not in STRUCTURAL]


def _data_type(column: Column) -> str:
    """ODM DataType of a column's items (and of its code list): text for string columns."""
    return _DATA_TYPES.get(column.dtype, "text")


def _item_def(table: str, column: Column) -> ODM.ItemDef:
    codelist = column_codelist(column)
    item = ODM.ItemDef(OID=item_oid(table, column.name), Name=column.name, DataType=_data_type(column))
    if column.help_text:
        item.Description = ODM.Description(TranslatedText=[_text(column.help_text)])
    if column.dtype == FLOAT and column.range is not None:
        item.SignificantDigits = column.range.decimals
    item.Question = ODM.Question(TranslatedText=[_text(column.label)])
    if column.unit:
        item.MeasurementUnitRef.append(ODM.MeasurementUnitRef(MeasurementUnitOID=unit_oid(column.unit)))
    if column.range is not None and codelist is None:
        for comparator, bound in (("GE", column.range.minimum), ("LE", column.range.maximum)):
            check = ODM.RangeCheck(Comparator=comparator, SoftHard="Hard")
            check.CheckValue.append(ODM.CheckValue(_content=f"{bound:g}"))
            item.RangeCheck.append(check)
    if codelist is not None:
        item.CodeListRef = ODM.CodeListRef(CodeListOID=codelist_oid(codelist.name))
    return item


def unit_oid(unit: str) -> str:
    """OID of a measurement unit (``mL`` -> ``MU.ML``, ``mcg/h`` -> ``MU.MCG_H``)."""
    return "MU." + "".join(ch if ch.isalnum() else "_" for ch in unit).upper()


def basic_definitions(ts: TableSet) -> ODM.BasicDefinitions:
    """``BasicDefinitions``: the measurement units the items use."""
    units = sorted({c.unit for table in ts.columns.values() for c in table if c.unit})
    out = ODM.BasicDefinitions()
    for unit in units:
        symbol = ODM.Symbol(TranslatedText=[_text(unit)])
        out.MeasurementUnit.append(ODM.MeasurementUnit(OID=unit_oid(unit), Name=unit, Symbol=symbol))
    return out


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
    for n, (se_oid, se_name, kind, tables) in enumerate(events, start=1):
        protocol.StudyEventRef.append(ODM.StudyEventRef(StudyEventOID=se_oid, OrderNumber=n, Mandatory="No"))
        sed = ODM.StudyEventDef(OID=se_oid, Name=se_name, Repeating="No", Type=kind)
        for m, table in enumerate(tables, start=1):
            sed.FormRef.append(ODM.FormRef(FormOID=form_oid(table), OrderNumber=m, Mandatory="No"))
        mdv.StudyEventDef.append(sed)
    mdv.Protocol = protocol
    tables = [t for t in (*STUDY_TABLES, *VISIT_TABLES) if t in ts.columns]
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
                codelists[codelist.name] = (codelist, _data_type(column))
    for codelist, data_type in codelists.values():
        mdv.CodeList.append(_code_list(codelist, data_type))
    return mdv


def _el(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{ODM_NS}}}{tag}", attrs)


def _group_data(parent: ET.Element, table: str, rows: list[list[tuple[str, str | None]]]) -> None:
    for n, items in enumerate(rows, start=1):
        attrs = {"ItemGroupOID": group_oid(table)}
        if table in REPEATING_TABLES:
            attrs["ItemGroupRepeatKey"] = str(n)
        group = _el(parent, "ItemGroupData", **attrs)
        for oid, value in items:
            if value is not None:
                _el(group, "ItemData", ItemOID=oid, Value=value)


def _rendered(ts: TableSet, table: str) -> dict[tuple[str, str], list]:
    """Item OID/value pairs of every row, grouped by (patient, timepoint or "")."""
    frame = ts.frames[table]
    columns = _items(ts, table)
    oids = [item_oid(table, c.name) for c in columns]
    texts = [as_text(frame[c.name], c).tolist() for c in columns]
    timepoints = frame["timepoint"].tolist() if "timepoint" in frame else [""] * len(frame)
    out: dict[tuple[str, str], list] = {}
    for position, (pid, tp) in enumerate(zip(frame["patient_id"].tolist(), timepoints, strict=True)):
        items = [(oid, text[position]) for oid, text in zip(oids, texts, strict=True)]
        out.setdefault((pid, tp), []).append(items)
    return out


def _event_data(subject: ET.Element, oid: str, tables, rendered: dict, key: tuple[str, str]) -> None:
    present = [t for t in tables if key in rendered.get(t, {})]
    if not present:
        return
    event = _el(subject, "StudyEventData", StudyEventOID=oid)
    for table in present:
        form = _el(event, "FormData", FormOID=form_oid(table))
        _group_data(form, table, rendered[table][key])


def clinical_data(ts: TableSet, mdv_oid: str) -> ET.Element:
    """``ClinicalData``: one ``SubjectData`` per patient, in the patients table's order."""
    clinical = ET.Element(f"{{{ODM_NS}}}ClinicalData", {"StudyOID": study.STUDY_OID, "MetaDataVersionOID": mdv_oid})
    rendered = {table: _rendered(ts, table) for table in ts.frames}
    study_tables = [t for t in STUDY_TABLES if t in ts.columns]
    for pid in ts.frames["patients"]["patient_id"]:
        subject = _el(clinical, "SubjectData", SubjectKey=str(pid))
        _event_data(subject, STUDY_EVENT, study_tables, rendered, (pid, ""))
        for tp in TIMEPOINTS:
            _event_data(subject, event_oid(tp.code), visit_tables(tp.code), rendered, (pid, tp.code))
    return clinical


def odm_document(data: Dataset | TableSet, *, created: dt.datetime | None = None) -> ET.Element:
    """The whole ODM document (an ElementTree root) for a dataset or table set."""
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
    st.BasicDefinitions = basic_definitions(ts)
    mdv = metadata_version(ts)
    st.MetaDataVersion.append(mdv)
    root.Study.append(st)
    element = root.to_element()
    element.append(clinical_data(ts, mdv.OID))
    return element


def write_odm(data: Dataset | TableSet, path: str | Path) -> Path:
    """Write an ODM 1.3.2 XML file and return its path."""
    path = Path(path)
    ET.register_namespace("", ODM_NS)
    ET.ElementTree(odm_document(data)).write(path, xml_declaration=True, encoding="UTF-8")
    return path

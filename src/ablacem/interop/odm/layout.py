"""How the tidy tables sit in CDISC ODM 1.3.2: study events, forms, item groups, OIDs.

- one ``StudyEventDef`` per timepoint (``SE.BASELINE`` ... ``SE.M3``, Type Scheduled) holding
  the assessment, analgesics and (where CT is scheduled) imaging forms, and one common event
  ``SE.STUDY`` holding the patient-level forms (patients, identifiers, lesions, procedures,
  adverse events);
- one ``FormDef`` and one ``ItemGroupDef`` per table (``F.LESIONS``, ``IG.LESIONS``), repeating
  item groups for tables with several rows per patient and event;
- one ``ItemDef`` per column (``IT.LESIONS.SITE``); ``patient_id`` is the ``SubjectKey`` and
  ``timepoint`` the study event, so neither is an item.
"""

from __future__ import annotations

from ablacem.protocol import IMAGING_TIMEPOINT_CODES

ODM_VERSION = "1.3.2"
ODM_NS = "http://www.cdisc.org/ns/odm/v1.3"
STUDY_EVENT = "SE.STUDY"
STUDY_TABLES = ("patients", "identifiers", "lesions", "procedures", "adverse_events")
VISIT_TABLES = ("assessments", "analgesics", "imaging")
REPEATING_TABLES = frozenset({"lesions", "procedures", "analgesics", "imaging", "adverse_events"})
#: Columns carried by the ODM structure rather than by items.
STRUCTURAL = ("patient_id", "timepoint")


def event_oid(timepoint: str) -> str:
    """OID of a timepoint's study event."""
    return f"SE.{timepoint.upper()}"


def form_oid(table: str) -> str:
    return f"F.{table.upper()}"


def group_oid(table: str) -> str:
    return f"IG.{table.upper()}"


def item_oid(table: str, column: str) -> str:
    return f"IT.{table.upper()}.{column.upper()}"


def codelist_oid(name: str) -> str:
    return f"CL.{name.upper()}"


def visit_tables(timepoint: str) -> tuple[str, ...]:
    """Tables collected at a timepoint."""
    return tuple(t for t in VISIT_TABLES if t != "imaging" or timepoint in IMAGING_TIMEPOINT_CODES)

"""The bridge to analysis and interoperability: the tidy dataset built from the database."""

from __future__ import annotations

import datetime as dt
import logging

import numpy as np
import pandas as pd
from django.db.models import F
from django.utils import timezone

from ablacem.dataset import TABLES, Dataset, conform, dataset_problems, empty_table, validate
from ablacem.dataset.schema import DATE, SERIOUS_CRITERIA_COLUMNS, STRING
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg
from ablacem.protocol.timepoints import TIMEPOINTS
from ablacem.protocol.windows import unrecorded_visit_status, visit_state

from ..models import AdverseEvent, Analgesic, Assessment, Imaging, Lesion, Patient, PatientIdentity, ProcedureLesion
from ..models.assessment import ANALGESIC_FIELDS
from ..models.identity import CONTACT_FIELDS
from ..models.procedure import SESSION_FIELDS, TREATED_FIELDS

log = logging.getLogger(__name__)
_ORDER = {tp.code: tp.order for tp in TIMEPOINTS}
#: The dates a tidy dataset can hold (pandas' nanosecond timestamps: 1677-09-22 to 2262-04-11).
_HOLDABLE = (pd.Timestamp.min.date() + dt.timedelta(days=1), pd.Timestamp.max.date())
#: Prefix of ORM aliases whose names clash with model attributes (``patient_id`` is a foreign key column).
ALIAS = "t_"


def _values(queryset, *fields: str, **aliases) -> list[dict]:
    """``queryset.values(...)`` where aliases may shadow model attributes (``patient_id``)."""
    rows = queryset.values(*fields, **{ALIAS + k: v for k, v in aliases.items()})
    return [{k.removeprefix(ALIAS): v for k, v in r.items()} for r in rows]


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """Rows as a DataFrame with the table's columns; empty text becomes missing."""
    spec = TABLES[table]
    if not rows:
        return empty_table(spec)
    frame = pd.DataFrame(rows)[spec.column_names]
    for column in spec.columns:
        if column.dtype == DATE:
            frame[column.name] = _holdable_dates(frame[column.name], spec.filename, column.label)
        if column.dtype == STRING:
            frame[column.name] = frame[column.name].astype(object).where(frame[column.name].ne(""), np.nan)
    return frame


def _holdable_dates(values: pd.Series, filename: str, label: str) -> pd.Series:
    """Dates a tidy dataset cannot hold (a mistyped year such as 1066) exported blank, never a
    failed export. The forms refuse such dates now; rows stored before still export, and the log
    says how many values were left out, never the value (a birth date identifies a patient)."""
    present = values.notna()
    early, late = _HOLDABLE
    days = values.map(lambda d: d.date() if isinstance(d, dt.datetime) else d)
    outside = present & days.map(lambda d: not (isinstance(d, dt.date) and early <= d <= late)).astype(bool)
    if not outside.any():
        return values
    log.warning(
        "%s: %d %s value(s) outside %s to %s exported blank: correct them in the EDC",
        filename,
        int(outside.sum()),
        label.lower(),
        early.isoformat(),
        late.isoformat(),
    )
    return values.astype(object).where(~outside, None)


def _only(queryset, path: str, patient_pks):
    """``queryset`` restricted to the patients ``patient_pks`` (None: every patient)."""
    return queryset if patient_pks is None else queryset.filter(**{f"{path}__in": patient_pks})


def _patients(pks=None) -> list[dict]:
    fields = [c.name for c in TABLES["patients"].columns if c.name not in ("patient_id", "site")]
    return _values(
        _only(Patient.objects.active(), "pk", pks).order_by("study_id"),
        *fields,
        patient_id=F("study_id"),
        site=F("site__code"),
    )


def _lesions(pks=None) -> list[dict]:
    fields = [c.name for c in TABLES["lesions"].columns if c.name not in ("lesion_id", "patient_id")]
    return _values(
        _only(Lesion.objects.active(), "patient_id", pks).filter(patient__is_deleted=False).order_by("lesion_id"),
        "lesion_id",
        *fields,
        patient_id=F("patient__study_id"),
    )


def _procedures(pks=None) -> list[dict]:
    return _values(
        _only(ProcedureLesion.objects.active(), "session__patient_id", pks)
        .filter(session__is_deleted=False, session__patient__is_deleted=False, lesion__is_deleted=False)
        .order_by("procedure_id"),
        "procedure_id",
        *TREATED_FIELDS,
        patient_id=F("session__patient__study_id"),
        lesion_id=F("lesion__lesion_id"),
        **{f: F(f"session__{f}") for f in SESSION_FIELDS},
    )


def _derived_status(day0: dt.date | None, tp, patient: dict, as_of: dt.date) -> str | None:
    """Status of a visit without a record, as of ``as_of``; None when nothing can be said yet.

    The visit's state is :func:`ablacem.protocol.windows.visit_state` (the worklist's rule),
    written as a status by :func:`ablacem.protocol.windows.unrecorded_visit_status`.
    """
    if day0 is None:
        return None
    end_reason = patient["end_reason"]
    state = visit_state(
        day0, tp, as_of, end_reason=end_reason, end_date=patient["end_date"], death_date=patient["death_date"]
    )
    return unrecorded_visit_status(state, end_reason)


def _assessments(patients: list[dict], day0: dict[str, dt.date], as_of: dt.date, pks=None) -> list[dict]:
    """Recorded visits, plus a row for each scheduled visit without a record (status derived).

    A stored ``not_due`` row (left by an import before ``not_due`` stopped being stored)
    is no record: its status is derived like that of a missing row.
    """
    columns = [c.name for c in TABLES["assessments"].columns if c.name != "patient_id"]
    stored = _values(
        _only(Assessment.objects.active(), "patient_id", pks)
        .filter(patient__is_deleted=False)
        .exclude(status=cl.NOT_DUE),
        *columns,
        patient_id=F("patient__study_id"),
    )
    have = {(r["patient_id"], r["timepoint"]) for r in stored}
    derived = []
    for p in patients:
        for tp in TIMEPOINTS:
            if (p["patient_id"], tp.code) in have:
                continue
            status = _derived_status(day0.get(p["patient_id"]), tp, p, as_of)
            if status is not None:
                derived.append({"patient_id": p["patient_id"], "timepoint": tp.code, "status": status})
    rows = stored + [dict.fromkeys(columns) | d for d in derived]
    return sorted(rows, key=lambda r: (r["patient_id"], _ORDER[r["timepoint"]]))


def _analgesics(pks=None) -> list[dict]:
    rows = _values(
        _only(Analgesic.objects.active(), "assessment__patient_id", pks).filter(
            assessment__is_deleted=False, assessment__patient__is_deleted=False
        ),
        *ANALGESIC_FIELDS,
        "position",
        "id",
        patient_id=F("assessment__patient__study_id"),
        timepoint=F("assessment__timepoint"),
    )
    return sorted(rows, key=lambda r: (r["patient_id"], _ORDER[r["timepoint"]], r["position"], r["id"]))


def _imaging(pks=None) -> list[dict]:
    rows = _values(
        _only(Imaging.objects.active(), "lesion__patient_id", pks).filter(
            lesion__is_deleted=False, lesion__patient__is_deleted=False
        ),
        "timepoint",
        "imaged_on",
        "local_status",
        "distant_progression",
        "ct_cement_ml",
        "ct_leakage",
        lesion_id=F("lesion__lesion_id"),
        patient_id=F("lesion__patient__study_id"),
    )
    return sorted(rows, key=lambda r: (r["lesion_id"], _ORDER[r["timepoint"]]))


def _adverse_events(pks=None) -> list[dict]:
    rows = _values(
        _only(AdverseEvent.objects.active(), "patient_id", pks).filter(patient__is_deleted=False).order_by("ae_id"),
        "ae_id",
        "onset_date",
        "term",
        "cirse_grade",
        "serious",
        *SERIOUS_CRITERIA_COLUMNS,
        "related_to",
        "relation_procedure",
        "relation_ablation",
        "relation_cement",
        "expectedness",
        "action_taken",
        "aware_date",
        "aware_time",
        "acknowledged_at",
        "ongoing",
        "resolution_date",
        "outcome",
        "description",
        "lesion__is_deleted",
        patient_id=F("patient__study_id"),
        lesion_id=F("lesion__lesion_id"),
    )
    for r in rows:
        if r.pop("lesion__is_deleted"):
            r["lesion_id"] = None
        # ack_hours is derived as the model derives it (AdverseEvent.ack_hours).
        clock = AdverseEvent(
            aware_date=r["aware_date"], aware_time=r.pop("aware_time"), acknowledged_at=r.pop("acknowledged_at")
        )
        r["ack_hours"] = clock.ack_hours
    return rows


def _identifiers(pks=None) -> list[dict]:
    rows = (
        _only(PatientIdentity.objects.active(), "patient_id", pks)
        .filter(patient__is_deleted=False)
        .order_by("patient__study_id")
    )
    return [
        r
        for r in _values(
            rows,
            "name",
            "hospital_number",
            "birth_date",
            "language",
            *CONTACT_FIELDS,
            patient_id=F("patient__study_id"),
        )
        if r["name"] or r["hospital_number"] or r["birth_date"] or r["language"] or r["email"] or r["mobile"]
    ]


def tidy_dataset(
    *,
    include_identifiers: bool = False,
    as_of: dt.date | None = None,
    validate_schema: bool = True,
    actor=None,
    action=None,
    patient_pks=None,
) -> Dataset:
    """The tidy dataset of everything in the database (soft-deleted records left out).

    The report command, the web downloads and the interop exports all read the EDC through
    this function; it never hands ORM objects to the analysis.

    Parameters
    ----------
    include_identifiers : bool
        Fill the ``identifiers`` table (names, hospital numbers, birth dates) and keep free
        text. Only for roles allowed ``export_identified``. False (the default) gives a
        de-identified dataset: no identifiers table, and free-text columns (schema
        ``free_text=True``: adverse event descriptions, which may name people) left empty.
    as_of : date, optional
        Day used to derive the status of scheduled visits that have no record, by
        :func:`ablacem.protocol.windows.visit_state` (``missed`` when the window closed before
        it, ``died``/``withdrawn``/``missed`` when the study ended before the visit's target
        day, else ``not_due``); default today (the data cut-off of the export). Recorded visits
        keep their recorded status.
    validate_schema : bool
        Validate against the dataset schema (default). The open problems
        (:func:`~ablacem.edc.selectors.problems.compute_problem_items`) turn it off, to list
        schema problems instead of failing, as the exports do.
    actor : Actor or User, optional
        Who the dataset is for: only the patients ``Patient.objects.visible_to(actor, action)``
        gives are in it (a web download passes the requester). None: every patient (the
        command line, which runs as the system).
    action : Action, optional
        What the records are read for (see ``visible_to``; default ``view_clinical``).
    patient_pks : collection of int, optional
        Only these patients (database keys): the open problems of the patients whose records
        changed are computed on their own rows. None: every patient.

    Returns
    -------
    Dataset
        Conformed (:func:`ablacem.dataset.conform`) and validated.

    Raises
    ------
    ablacem.dataset.DatasetError
        If the database holds something the dataset schema refuses (a bug to report).
    """
    as_of = as_of or timezone.localdate()
    visible = (
        None if actor is None else set(Patient.objects.visible_to(actor, action).values_list("study_id", flat=True))
    )

    def seen(rows: list[dict]) -> list[dict]:
        return rows if visible is None else [r for r in rows if r["patient_id"] in visible]

    pks = None if patient_pks is None else list(patient_pks)
    patients = seen(_patients(pks))
    procedures = seen(_procedures(pks))
    day0: dict[str, dt.date] = {}
    for r in procedures:
        day0[r["patient_id"]] = min(day0.get(r["patient_id"], r["procedure_date"]), r["procedure_date"])
    tables = {
        "patients": _frame("patients", patients),
        "lesions": _frame("lesions", seen(_lesions(pks))),
        "procedures": _frame("procedures", procedures),
        "assessments": _frame("assessments", seen(_assessments(patients, day0, as_of, pks))),
        "analgesics": _frame("analgesics", seen(_analgesics(pks))),
        "imaging": _frame("imaging", seen(_imaging(pks))),
        "adverse_events": _frame("adverse_events", seen(_adverse_events(pks))),
    }
    if include_identifiers:
        tables["identifiers"] = _frame("identifiers", seen(_identifiers(pks)))
    else:
        for name, frame in tables.items():
            for column in TABLES[name].columns:
                if column.free_text:
                    frame[column.name] = np.nan
    dataset = conform(Dataset(tables))
    return validate(dataset) if validate_schema else dataset


def _stored_date_problems(*, name_patients: bool) -> list[str]:
    """Stored birth and enrolment dates that break the protocol's date rules (saved before the
    forms applied them). The message names the patient by study ID only when ``name_patients``
    (an identified export) and never repeats the date."""
    today = timezone.localdate()
    stored = [
        (rg.BIRTH_DATE, PatientIdentity.objects.active().filter(patient__is_deleted=False), "birth_date"),
        (rg.ENROLMENT_DATE, Patient.objects.active(), "enrolled_on"),
    ]
    out = []
    for rule, queryset, field in stored:
        study_id = "patient__study_id" if field == "birth_date" else "study_id"
        broken = [
            pid
            for pid, value in queryset.exclude(**{f"{field}__isnull": True}).values_list(study_id, field)
            if rule.problem(value, today=today)
        ]
        if name_patients:
            out += [f"{pid}: {rule.message}" for pid in sorted(broken)]
        elif broken:
            out.append(f"{len(broken)} patient(s): {rule.message}")
    return out


def export_problems(dataset: Dataset, *, name_patients: bool = False) -> list[str]:
    """What a download built with ``validate_schema=False`` must say about itself.

    An export never fails on what the database holds: rows saved before a rule existed (an
    enrolment date of 0001-01-01 is exported blank) go out with the schema problems they cause
    and the stored dates that break the protocol's date rules, which the export lists in
    ``problems.txt``. A message never repeats an identifying value; patients are named by study
    ID only when ``name_patients`` (identified exports).
    """
    problems = [str(p) for p in dataset_problems(dataset)] + _stored_date_problems(name_patients=name_patients)
    if problems:
        log.warning("export with %d data problem(s), listed in its problems.txt", len(problems))
    return problems

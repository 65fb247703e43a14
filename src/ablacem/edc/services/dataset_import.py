"""Load a tidy dataset into the EDC database, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from ablacem.dataset import Dataset, DatasetError, Problem, conform, consistency_problems, read_dataset, rules, validate
from ablacem.dataset.errors import csv_line
from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS
from ablacem.protocol import codelists as cl
from ablacem.protocol.sites import study_id_problem

from ..actors import Actor
from ..models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    FormState,
    Imaging,
    Lesion,
    Patient,
    PatientIdentity,
    Procedure,
    ProcedureLesion,
)
from ..models.assessment import VISIT_TEXT_FIELDS
from ..models.audit_event import AuditEventKind
from ..models.history import actor_attributes
from ..models.identity import CONTACT_FIELDS
from ..models.procedure import SESSION_FIELDS, TREATED_FIELDS
from ..models.site import Site
from ..roles import Action
from ..sites import default_site, site_scope
from ._bulk_insert import history_rows, insert_rows
from ._common import require
from ._study_lock_guard import refuse_if_study_locked
from .audit_chain import audit_chain_append_many
from .audit_events import audit_event_record
from .patient import contact_data, new_date_shift
from .problems import problems_refresh_imported
from .visit_schedule import visit_schedule_refresh

#: Assessment status -> form state of the imported visit (any other status: not done).
VISIT_FORM_STATE = {cl.DONE: FormState.COMPLETE}
#: Status of a visit with nothing recorded: not stored, the EDC derives it
#: (:func:`ablacem.protocol.windows.visit_state`), so that it moves on with the days.
NOTHING_RECORDED = cl.NOT_DUE
#: Assessment columns that are not values of the visit.
_VISIT_KEYS = ("patient_id", "timepoint", "status")
#: (table, column) -> model field whose ``max_length`` the text must fit.
TEXT_LIMITS = {
    ("patients", "patient_id"): Patient._meta.get_field("study_id"),
    ("lesions", "lesion_id"): Lesion._meta.get_field("lesion_id"),
    ("procedures", "procedure_id"): ProcedureLesion._meta.get_field("procedure_id"),
    ("adverse_events", "ae_id"): AdverseEvent._meta.get_field("ae_id"),
    ("identifiers", "name"): PatientIdentity._meta.get_field("name"),
    ("identifiers", "hospital_number"): PatientIdentity._meta.get_field("hospital_number"),
    ("identifiers", "email"): PatientIdentity._meta.get_field("email"),
}


#: Consistency findings that the EDC's edit checks refuse at save rather than list as open
#: problems: a date of birth that does not give the recorded age at enrolment (1900-01-01 with
#: age 60) is refused here too, so an import cannot store what the forms would refuse.
REFUSED_AT_SAVE = frozenset({rules.AGE_BIRTH_DATE})


class DatasetImportError(ValueError):
    """The dataset cannot be imported; nothing was saved. ``problems`` name file, row and field."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"import refused, the database is unchanged; {len(self.problems)} problem(s):\n{shown}{more}")


def _value(v):
    """A pandas cell as a Python value for the ORM (NaN/NA/NaT -> None, Timestamp -> date)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def _text(v) -> str:
    v = _value(v)
    return "" if v is None else str(v)


#: The adverse events' coded columns added for safety reporting (blank when not given).
_AE_CODED = ("relation_procedure", "relation_ablation", "relation_cement", "expectedness", "action_taken")


def _acknowledged_at(aware_date, ack_hours) -> dt.datetime | None:
    """When an imported serious event was acknowledged: ``ack_hours`` after midnight of the day
    staff became aware (the time of day is not in the tidy dataset), so that the event exports
    again with the same ``ack_hours``."""
    if aware_date is None or ack_hours is None:
        return None
    start = timezone.make_aware(dt.datetime.combine(aware_date, dt.time(0, 0)))
    return start + dt.timedelta(hours=float(ack_hours))


#: Types a cell already has as a Python value for the ORM (anything else goes through :func:`_value`).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _python_values(column: pd.Series) -> list:
    """A column as Python values for the ORM, as :func:`_value` gives them cell by cell, but
    converted a column at a time (a 10,000-patient dataset has some five million cells)."""
    present = column.notna()
    if pd.api.types.is_datetime64_any_dtype(column):
        return column.dt.date.astype(object).where(present, None).tolist()
    values = column.astype(object).where(present, None).tolist()
    return [v if type(v) in _PLAIN else _value(v) for v in values]


def _rows(frame: pd.DataFrame):
    """(CSV line, row as a dict of Python values) for each row of a table."""
    names = list(frame.columns)
    columns = [_python_values(frame[name]) for name in names]
    for pos, values in enumerate(zip(*columns, strict=True)):
        yield csv_line(pos), dict(zip(names, values, strict=True))


def _problems_against_database(ds: Dataset) -> list[Problem]:
    """Keys already in the database, texts too long for their fields, sessions that disagree,
    and the consistency findings the EDC refuses at save (:data:`REFUSED_AT_SAVE`)."""
    problems: list[Problem] = [p for p in consistency_problems(ds) if p.kind in REFUSED_AT_SAVE]
    taken = {
        ("patients", "patient_id"): set(Patient.objects.values_list("study_id", flat=True)),
        ("lesions", "lesion_id"): set(Lesion.objects.values_list("lesion_id", flat=True)),
        ("procedures", "procedure_id"): set(ProcedureLesion.objects.values_list("procedure_id", flat=True)),
        ("adverse_events", "ae_id"): set(AdverseEvent.objects.values_list("ae_id", flat=True)),
    }
    problems += _site_problems(ds)
    for (table, column), existing in taken.items():
        values = ds[table][column]
        for pos in [i for i, v in enumerate(values) if v in existing]:
            problems.append(
                Problem(f"{table}.csv", csv_line(pos), column, f"{values.iloc[pos]!r} is already in the database")
            )
    for (table, column), field in TEXT_LIMITS.items():
        values = ds[table][column]
        for pos, v in enumerate(values):
            if isinstance(v, str) and len(v) > field.max_length:
                problems.append(
                    Problem(f"{table}.csv", csv_line(pos), column, f"longer than {field.max_length} characters")
                )
    for line, row in _rows(ds.identifiers):
        problems.extend(
            Problem("identifiers.csv", line, finding.field, finding.message)
            for finding in rules.contact_details(**{f: row.get(f) for f in CONTACT_FIELDS})
        )
    problems.extend(_sessions_that_differ(ds.procedures))
    a = ds.assessments
    status = dict(zip(zip(a["patient_id"], a["timepoint"], strict=True), a["status"], strict=True))
    for line, row in _rows(ds.analgesics):
        visit = status.get((row["patient_id"], row["timepoint"]))
        if visit is None:
            problems.append(
                Problem("analgesics.csv", line, "timepoint", "no assessment row for this patient and timepoint")
            )
        elif visit == NOTHING_RECORDED:
            problems.append(
                Problem(
                    "analgesics.csv",
                    line,
                    "timepoint",
                    "the visit is 'not yet due' (nothing recorded) in assessments.csv; analgesics need a done visit",
                )
            )
    return problems + _values_at_visits_not_due(ds)


def _sessions_that_differ(procedures: pd.DataFrame) -> list[Problem]:
    """Procedure rows whose session columns differ from the patient's first row: a patient's
    lesions are treated in one session."""
    problems = []
    patients = procedures["patient_id"].tolist()
    first_of: dict = {}
    for pos, pid in enumerate(patients):
        first_of.setdefault(pid, pos)
    columns = {c: procedures[c].tolist() for c in SESSION_FIELDS}
    for pos, pid in enumerate(patients):
        first = first_of[pid]
        if first == pos:
            continue
        for column in SESSION_FIELDS:
            a, b = columns[column][first], columns[column][pos]
            if not (pd.isna(a) and pd.isna(b)) and (pd.isna(a) or pd.isna(b) or a != b):
                problems.append(
                    Problem(
                        "procedures.csv",
                        csv_line(pos),
                        column,
                        f"differs from line {csv_line(first)}: a patient's lesions are treated in one session",
                    )
                )
    return problems


def _values_at_visits_not_due(ds: Dataset) -> list[Problem]:
    """A ``not_due`` row is not stored: refuse one that carries values, which would be lost."""
    problems = []
    values = [c for c in ds.assessments.columns if c not in _VISIT_KEYS]
    for line, row in _rows(ds.assessments):
        if row["status"] != NOTHING_RECORDED:
            continue
        filled = [c for c in values if row[c] is not None and row[c] != ""]
        if filled:
            problems.append(
                Problem(
                    "assessments.csv",
                    line,
                    filled[0],
                    f"the visit is 'not yet due' (nothing recorded) but has values ({', '.join(filled[:5])}): "
                    "set its status to done, or empty them",
                )
            )
    return problems


def _site_code(row) -> str:
    """A patient row's site code; empty (a dataset from before sites) is the default site."""
    return _text(row.get("site")) or settings.ABLACEM_SITE_CODE


def _site_problems(ds: Dataset) -> list[Problem]:
    """Site codes the EDC does not know, and, once the study has several sites, study IDs that
    do not start with their site's code (:func:`ablacem.protocol.sites.study_id_problem`)."""
    known = {s.code for s in Site.objects.all()} | {settings.ABLACEM_SITE_CODE}
    codes = [_site_code(r) for _, r in _rows(ds.patients)]
    several = len(known | set(codes)) > 1
    problems = []
    for pos, (code, study_id) in enumerate(zip(codes, ds.patients["patient_id"], strict=True)):
        if code not in known:
            problem = f"no site has the code {code!r}: add it with ablacem site add"
            problems.append(Problem("patients.csv", csv_line(pos), "site", problem))
        elif problem := study_id_problem(study_id, code, several_sites=several):
            problems.append(Problem("patients.csv", csv_line(pos), "patient_id", problem))
    return problems


def _sites_outside_scope(ds: Dataset, actor: Actor) -> list[Problem]:
    """Patients of a site the importing actor does not reach (``--as`` a one-site user)."""
    scope = site_scope(actor)
    if scope is None:
        return []
    reached = set(Site.objects.filter(pk__in=scope).values_list("code", flat=True))
    return [
        Problem("patients.csv", csv_line(pos), "site", f"site {code!r} is not one of the importing user's sites")
        for pos, code in enumerate(_site_code(r) for _, r in _rows(ds.patients))
        if code not in reached
    ]


def _create(model: type[models.Model], rows: list[dict], *, actor: Actor, reason: str) -> list[int]:
    """Insert ``rows`` (column -> value) with one history row each (who, when, reason, the actor's
    kind and name, as ``bulk_create_with_history`` writes them), the history rows chained in one
    append. Returns the new keys, in the order of ``rows``."""
    if not rows:
        return []
    now = timezone.now()
    stored = insert_rows(model, rows, now=now)
    history = model.history.model
    # As bulk_history_create: the given user, else the one simple-history would name by default.
    user = actor.user or history.get_default_history_user(model())
    written = insert_rows(
        history,
        history_rows(model, stored, user=user, reason=reason, extra=actor_attributes(actor), now=now),
        now=now,
    )
    # Bulk history rows send no post_create_historical_record: chain them here, in one append.
    audit_chain_append_many(model=history, pks=[row[history._meta.pk.attname] for row in written])
    return [row[model._meta.pk.attname] for row in stored]


def _keys(model: type[models.Model], rows: list[dict], *, actor: Actor, reason: str, by) -> dict:
    """:func:`_create`, then ``{by(row): new key}``."""
    return dict(zip([by(r) for r in rows], _create(model, rows, actor=actor, reason=reason), strict=True))


def _load(ds: Dataset, *, actor: Actor, reason: str) -> dict[str, int]:
    complete = FormState.COMPLETE
    saved = {"actor": actor, "reason": reason}
    default_site()
    sites = {s.code: s.pk for s in Site.objects.all()}
    patient_rows = [
        {
            "study_id": r["patient_id"],
            "site_id": sites[_site_code(r)],
            "eligibility_confirmed": True,
            "enrolled_on": r["enrolled_on"],
            "age": r["age"],
            "sex": r["sex"],
            "ecog": r["ecog"],
            "diagnosis": r["diagnosis"],
            "primary_tumour": r["primary_tumour"],
            "end_reason": _text(r["end_reason"]),
            "end_date": r["end_date"],
            "death_date": r["death_date"],
            "form_state": complete,
        }
        for _, r in _rows(ds.patients)
    ]
    patients = _keys(Patient, patient_rows, by=lambda row: row["study_id"], **saved)

    identified = {r["patient_id"]: r for _, r in _rows(ds.identifiers)}
    identities = [
        {
            "patient_id": patient,
            "name": _text(identified.get(pid, {}).get("name")),
            "hospital_number": _text(identified.get(pid, {}).get("hospital_number")),
            "birth_date": identified.get(pid, {}).get("birth_date"),
            "language": _text(identified.get(pid, {}).get("language")),
            **contact_data(identified.get(pid)),
            "date_shift_days": new_date_shift(),
            "form_state": complete,
        }
        for pid, patient in patients.items()
    ]
    _create(PatientIdentity, identities, **saved)

    lesion_fields = [f for f in ds.lesions.columns if f not in ("lesion_id", "patient_id") and hasattr(Lesion, f)]
    lesion_rows = [
        {
            "lesion_id": r["lesion_id"],
            "patient_id": patients[r["patient_id"]],
            "form_state": complete,
            **{f: r[f] for f in lesion_fields},
        }
        for _, r in _rows(ds.lesions)
    ]
    lesions = _keys(Lesion, lesion_rows, by=lambda row: row["lesion_id"], **saved)

    sessions, treated = {}, []
    for _, r in _rows(ds.procedures):
        pid = r["patient_id"]
        if pid not in sessions:
            sessions[pid] = {
                "patient_id": patients[pid],
                "form_state": complete,
                **{c: r[c] for c in SESSION_FIELDS},
            }
        values = {c: r[c] for c in TREATED_FIELDS}
        values["leakage_type"] = _text(values["leakage_type"])
        treated.append(
            (
                pid,
                {
                    "procedure_id": r["procedure_id"],
                    "lesion_id": lesions[r["lesion_id"]],
                    "form_state": complete,
                    **values,
                },
            )
        )
    session_of = _keys(Procedure, list(sessions.values()), by=lambda row: row["patient_id"], **saved)
    visit_schedule_refresh(procedure_pks=session_of.values())
    for pid, record in treated:
        record["session_id"] = session_of[patients[pid]]
    _create(ProcedureLesion, [t for _, t in treated], **saved)

    visit_columns = [c for c in ds.assessments.columns if c not in ("patient_id", "source") and hasattr(Assessment, c)]
    visits = [
        {
            "patient_id": patients[r["patient_id"]],
            "form_state": VISIT_FORM_STATE.get(r["status"], FormState.NOT_DONE),
            **{c: _text(r[c]) if c in VISIT_TEXT_FIELDS else r[c] for c in visit_columns},
            # Datasets made before assessments.source existed were entered by staff.
            "source": _text(r.get("source")) or cl.SOURCE_STAFF,
        }
        for _, r in _rows(ds.assessments)
        if r["status"] != NOTHING_RECORDED
    ]
    visit_of = _keys(Assessment, visits, by=lambda row: (row["patient_id"], row["timepoint"]), **saved)
    analgesics, position = [], {}
    for _, r in _rows(ds.analgesics):
        key = (patients[r["patient_id"]], r["timepoint"])
        position[key] = position.get(key, -1) + 1
        analgesics.append(
            {
                "assessment_id": visit_of[key],
                "position": position[key],
                "form_state": complete,
                **{c: r[c] for c in ("drug", "route", "dose", "unit", "per_day")},
            }
        )
    _create(Analgesic, analgesics, **saved)

    imaging = [
        {
            "lesion_id": lesions[r["lesion_id"]],
            "form_state": complete,
            **{c: r[c] for c in ("timepoint", "imaged_on", "local_status", "distant_progression")},
            **{c: r.get(c) for c in ("ct_cement_ml", "ct_leakage")},
        }
        for _, r in _rows(ds.imaging)
    ]
    _create(Imaging, imaging, **saved)

    events = [
        {
            "ae_id": r["ae_id"],
            "patient_id": patients[r["patient_id"]],
            "lesion_id": lesions[r["lesion_id"]] if r["lesion_id"] else None,
            "onset_date": r["onset_date"],
            "term": r["term"],
            "cirse_grade": r["cirse_grade"],
            "serious": r["serious"],
            **{c: bool(r.get(c)) for c in SERIOUS_CRITERIA_COLUMNS},
            "related_to": r["related_to"],
            **{c: _text(r.get(c)) for c in _AE_CODED},
            "ongoing": r.get("ongoing"),
            "resolution_date": r.get("resolution_date"),
            "aware_date": r.get("aware_date"),
            "acknowledged_at": _acknowledged_at(r.get("aware_date"), r.get("ack_hours")),
            "outcome": _text(r["outcome"]),
            "description": _text(r["description"]),
            "form_state": complete,
        }
        for _, r in _rows(ds.adverse_events)
    ]
    _create(AdverseEvent, events, **saved)
    return {
        "patients": len(patients),
        "lesions": len(lesions),
        "procedures": len(treated),
        "assessments": len(visits),
        "analgesics": len(analgesics),
        "imaging": len(imaging),
        "adverse_events": len(events),
        "identifiers": len(identified),
    }


def dataset_import(
    *, source: str | Path | Dataset, actor: Actor, reason: str = "imported from a tidy dataset"
) -> dict[str, int]:
    """Load a tidy dataset (folder or :class:`~ablacem.dataset.Dataset`) into the database, all or nothing.

    The dataset is read and validated first (schema, codes, ranges, keys, foreign keys); then
    its keys must be new to the database, its texts must fit their fields and each patient's
    procedure rows must agree on the session (date, guidance, anaesthesia, duration, stay).
    Everything is inserted in one transaction with one history row per record. A visit with
    status ``not_due`` means nothing recorded: it is not stored (the EDC derives its state
    from the protocol windows and today), and one that carries values is refused. Clinical
    consistency warnings (e.g. a visit outside its window) do not block the import: they
    become open edit-check problems.

    Parameters
    ----------
    source : path or Dataset
        A dataset folder (``identifiers.csv`` is loaded when present) or a dataset in memory.
    actor : Actor
        Who imports (needs ``edit``): the system actor from the command line (``ablacem import``).
    reason : str
        Stored as the change reason of every history row.

    Returns
    -------
    dict
        Rows loaded per table.

    Raises
    ------
    DatasetImportError
        Naming file, CSV line and column of every problem; the database is left unchanged.
    RecordLockedError
        While the study database is locked.
    """
    require(actor, Action.EDIT)
    refuse_if_study_locked()
    try:
        ds = read_dataset(source) if isinstance(source, str | Path) else validate(conform(source))
    except DatasetError as exc:
        raise DatasetImportError(exc.problems) from exc
    except FileNotFoundError as exc:
        raise DatasetImportError([Problem(str(source), None, None, str(exc))]) from exc
    problems = _problems_against_database(ds) + _sites_outside_scope(ds, actor)
    if problems:
        raise DatasetImportError(problems)
    with transaction.atomic():
        counts = _load(ds, actor=actor, reason=reason)
        problems_refresh_imported(study_ids=ds.patients["patient_id"], actor=actor)
        audit_event_record(
            actor=actor,
            kind=AuditEventKind.IMPORT,
            subject_username=actor.user.get_username() if actor.user else "",
            detail=f"{reason}: " + ", ".join(f"{n} {table}" for table, n in counts.items()),
            identified=not ds["identifiers"].empty,
        )
        return counts

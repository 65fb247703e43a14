"""A patient's audit trail: every change to every record, with who, when, old, new and reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass

from ..models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    Imaging,
    Lesion,
    Patient,
    PatientIdentity,
    Procedure,
    ProcedureLesion,
)

#: Bookkeeping fields not shown as changes.
HIDDEN_FIELDS = frozenset(
    {"id", "version", "created_at", "updated_at", "state_before_lock", "date_shift_days", "patient"}
)
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class AuditRow:
    """One changed field of one record (a creation lists every field it set)."""

    when: dt.datetime
    who: str
    model: str
    record: str
    change: str
    field: str
    old: str
    new: str
    reason: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _histories(patient: Patient, include_identifiers: bool):
    """(model, historical queryset) pairs for every record of the patient."""
    lesion_ids = list(Lesion.history.filter(patient_id=patient.pk).values_list("id", flat=True).distinct())
    session_ids = list(Procedure.history.filter(patient_id=patient.pk).values_list("id", flat=True).distinct())
    visit_ids = list(Assessment.history.filter(patient_id=patient.pk).values_list("id", flat=True).distinct())
    out = [
        (Patient, Patient.history.filter(id=patient.pk)),
        (Lesion, Lesion.history.filter(patient_id=patient.pk)),
        (Procedure, Procedure.history.filter(patient_id=patient.pk)),
        (ProcedureLesion, ProcedureLesion.history.filter(session_id__in=session_ids)),
        (Assessment, Assessment.history.filter(patient_id=patient.pk)),
        (Analgesic, Analgesic.history.filter(assessment_id__in=visit_ids)),
        (Imaging, Imaging.history.filter(lesion_id__in=lesion_ids)),
        (AdverseEvent, AdverseEvent.history.filter(patient_id=patient.pk)),
    ]
    if include_identifiers:
        out.insert(1, (PatientIdentity, PatientIdentity.history.filter(patient_id=patient.pk)))
    return out


def _label(model, h) -> str:
    for attr in ("study_id", "lesion_id", "procedure_id", "ae_id"):
        if hasattr(h, attr):
            return str(getattr(h, attr))
    if model is Assessment:
        return f"{h.timepoint} visit"
    if model is Imaging:
        return f"CT {h.timepoint} (lesion #{h.lesion_id})"
    if model is Analgesic:
        return f"analgesic {h.drug} (visit #{h.assessment_id})"
    return f"{model._meta.verbose_name} #{h.id}"


def patient_audit_trail(*, patient: Patient, include_identifiers: bool = False) -> list[AuditRow]:
    """Every history row of every record of the patient, one row per changed field, oldest first.

    Parameters
    ----------
    patient : Patient
    include_identifiers : bool
        Include changes to the identifying data (only for roles with ``view_identifiers``).

    Returns
    -------
    list of AuditRow
        ``when`` (aware datetime), ``who`` (username or ``system``), ``model``, ``record``,
        ``change`` (created/changed/deleted), ``field``, ``old``, ``new``, ``reason``.
    """
    rows: list[AuditRow] = []
    for model, history in _histories(patient, include_identifiers):
        fields = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
        previous: dict[int, object] = {}
        for h in history.select_related("history_user").order_by("history_date", "history_id"):
            who = h.history_user.get_username() if h.history_user else "system"
            base = {
                "when": h.history_date,
                "who": who,
                "model": str(model._meta.verbose_name),
                "record": _label(model, h),
                "change": CHANGE_TYPES.get(h.history_type, h.history_type),
                "reason": h.history_change_reason or "",
            }
            before = previous.get(h.id)
            for name in fields:
                attname = model._meta.get_field(name).attname
                new = getattr(h, attname)
                old = getattr(before, attname) if before is not None else None
                if before is not None and old == new:
                    continue
                if before is None and (new in (None, "") or (name == "is_deleted" and not new)):
                    continue
                rows.append(AuditRow(field=name, old=_text(old), new=_text(new), **base))
            previous[h.id] = h
    return sorted(rows, key=lambda r: r.when)


def audit_trail_csv(rows: list[AuditRow]) -> str:
    """The audit trail as CSV text (UTF-8, header line, ISO 8601 times in UTC)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(AuditRow.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = asdict(row)
        record["when"] = row.when.astimezone(dt.UTC).isoformat(timespec="seconds")
        writer.writerow(record)
    return buffer.getvalue()

"""A patient's audit trail: every change to every record, with who, when, old, new and reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model

from ablacem.dataset.spreadsheet_safe import neutralise
from ablacem.protocol.timepoints import TIMEPOINTS

from ..models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    CasebookSignature,
    Imaging,
    Lesion,
    Patient,
    PatientIdentity,
    Procedure,
    ProcedureLesion,
)
from ..models.history import history_actor_label
from ..site_time import site_time

#: Bookkeeping fields not shown as changes.
HIDDEN_FIELDS = frozenset(
    {"id", "version", "created_at", "updated_at", "state_before_lock", "date_shift_days", "patient"}
)
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
#: "1 month visit", "baseline visit": the protocol's labels, as the audit trail names visits.
VISIT_NAMES = {tp.code: f"{tp.label[0].lower()}{tp.label[1:]} visit" for tp in TIMEPOINTS}


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

    @property
    def name(self) -> str:
        """What a person reads: ``lesion ABL-001-L1``, ``casebook signature of ...`` (the kind once)."""
        return self.record if self.record.startswith(self.model) else f"{self.model} {self.record}"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):  # signed_at, unlocked_at: site time, as on every page
        return site_time(value)
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
        (CasebookSignature, CasebookSignature.history.filter(patient_id=patient.pk)),
    ]
    if include_identifiers:
        out.insert(1, (PatientIdentity, PatientIdentity.history.filter(patient_id=patient.pk)))
    return out


def _names(patient: Patient) -> dict[str, dict[int, str]]:
    """What the trail calls the records that other records point to (never a database key):
    ``{foreign key field: {key: name}}`` for lesions, visits, the procedure session and users."""
    lesions = dict(Lesion.history.filter(patient_id=patient.pk).values_list("id", "lesion_id").distinct())
    visits = {
        pk: VISIT_NAMES.get(code, f"{code} visit")
        for pk, code in Assessment.history.filter(patient_id=patient.pk).values_list("id", "timepoint").distinct()
    }
    sessions = dict.fromkeys(Procedure.history.filter(patient_id=patient.pk).values_list("id", flat=True), "procedure")
    signers = CasebookSignature.history.filter(patient_id=patient.pk).values_list("signed_by_id", "unlocked_by_id")
    user_ids = {pk for pair in signers for pk in pair if pk is not None}
    acknowledgers = AdverseEvent.history.filter(patient_id=patient.pk, acknowledged_by_id__isnull=False)
    user_ids |= set(acknowledgers.values_list("acknowledged_by_id", flat=True))
    User = get_user_model()
    users = {u.pk: u.get_username() for u in User.objects.filter(pk__in=user_ids)} if user_ids else {}
    return {
        "lesion": lesions,
        "assessment": visits,
        "session": sessions,
        "signed_by": users,
        "unlocked_by": users,
        "acknowledged_by": users,
    }


def _label(model, h, names: dict[str, dict[int, str]]) -> str:
    """The record's own identifier (study, lesion, treatment or event ID), or a description."""
    if model is Patient:
        return str(h.study_id)
    if model is Lesion:
        return str(h.lesion_id)
    if model is ProcedureLesion:
        return str(h.procedure_id)
    if model is AdverseEvent:
        return str(h.ae_id)
    if model is Assessment:
        return VISIT_NAMES.get(h.timepoint, f"{h.timepoint} visit")
    if model is Imaging:
        lesion = names["lesion"].get(h.lesion_id, f"lesion #{h.lesion_id}")
        return f"{VISIT_NAMES.get(h.timepoint, h.timepoint).removesuffix(' visit')} CT of {lesion}"
    if model is Analgesic:
        visit = names["assessment"].get(h.assessment_id, f"visit #{h.assessment_id}")
        return f"{_choice_label(Analgesic._meta.get_field('drug'), h.drug)} at the {visit}"
    if model is PatientIdentity:
        return str(model._meta.verbose_name)
    if model is Procedure:
        return "procedure"
    if model is CasebookSignature:
        return f"casebook signature of {site_time(h.signed_at)}"
    return f"{model._meta.verbose_name} #{h.id}"


def _choice_label(field, value) -> str:
    """The label of a coded value (code-list labels, as the forms show them); the value if unknown."""
    return str(dict(field.flatchoices).get(value, value))


def _value(name: str, value, names: dict[str, dict[int, str]], field=None) -> str:
    """A field's value as the trail shows it: foreign keys by name, codes by their label,
    yes/no for true/false, dates in ISO 8601, times in site time."""
    if name in names and value is not None:
        return names[name].get(value, f"#{value}")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and field.choices and value not in (None, ""):
        return _choice_label(field, value)
    return _text(value)


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
        ``when`` (aware datetime), ``who`` (the actor, see
        :func:`ablacem.edc.models.history.history_actor_label`), ``model``, ``record``,
        ``change`` (created/changed/deleted), ``field``, ``old``, ``new``, ``reason``.
    """
    rows: list[AuditRow] = []
    names = _names(patient)
    for model, history in _histories(patient, include_identifiers):
        fields = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
        previous: dict[int, object] = {}
        for h in history.select_related("history_user").order_by("history_date", "history_id"):
            base = {
                "when": h.history_date,
                "who": history_actor_label(h),
                "model": str(model._meta.verbose_name),
                "record": _label(model, h, names),
                "change": CHANGE_TYPES.get(h.history_type, h.history_type),
                "reason": h.history_change_reason or "",
            }
            before = previous.get(h.id)
            for name in fields:
                field = model._meta.get_field(name)
                attname = field.attname
                new = getattr(h, attname)
                old = getattr(before, attname) if before is not None else None
                if before is not None and old == new:
                    continue
                if before is None and (new in (None, "") or (name == "is_deleted" and not new)):
                    continue
                rows.append(
                    AuditRow(
                        field=name, old=_value(name, old, names, field), new=_value(name, new, names, field), **base
                    )
                )
            previous[h.id] = h
    return sorted(rows, key=lambda r: r.when)


def audit_trail_csv(rows: list[AuditRow]) -> str:
    """The audit trail as CSV text (UTF-8, header line, ISO 8601 times in UTC); text that starts
    like a spreadsheet formula is escaped (:func:`ablacem.dataset.spreadsheet_safe.neutralise`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(AuditRow.__dataclass_fields__), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        record = asdict(row)
        record["when"] = row.when.astimezone(dt.UTC).isoformat(timespec="seconds")
        writer.writerow({name: neutralise(value) for name, value in record.items()})
    return buffer.getvalue()

"""The procedure session and its treated lesions (one session per patient)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.dataset.rules import LEAK_TERM, Leakage

from .. import checks
from ..actors import Actor
from ..models import AdverseEvent, FormState, Lesion, Patient, Procedure, ProcedureLesion
from ..models.procedure import TREATED_FIELDS, TREATED_PREFIX
from ..roles import Action
from ._common import (
    check_editable,
    check_version,
    lock_for_update,
    next_child_id,
    raise_if,
    refuse_if_patient_locked,
    require,
    save_record,
)
from .visit_schedule import visit_schedule_refresh


def _lesion_errors(patient: Patient, rows: Sequence[Mapping], confirmed: Collection[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not rows:
        errors[TREATED_PREFIX] = ["record at least one treated lesion"]
    seen: set[int] = set()
    for i, row in enumerate(rows):
        for field, messages in checks.check_treated_lesion(row, confirmed=confirmed).items():
            errors[f"{TREATED_PREFIX}-{i}-{field}"] = messages
        lesion = row.get("lesion")
        if isinstance(lesion, Lesion):
            if lesion.patient_id != patient.pk or lesion.is_deleted:
                errors[f"{TREATED_PREFIX}-{i}-lesion"] = [f"{lesion.lesion_id} is not a lesion of {patient.study_id}"]
            elif lesion.pk in seen:
                errors[f"{TREATED_PREFIX}-{i}-lesion"] = [f"{lesion.lesion_id} is listed twice"]
            seen.add(lesion.pk)
    return errors


def _leak_event_errors(patient: Patient, rows: Sequence[Mapping], confirmed: Collection[str]) -> dict[str, list[str]]:
    """Symptomatic leakages against the patient's symptomatic-leakage adverse events
    (:func:`ablacem.edc.checks.check_procedure_leak_events`)."""
    indexed = [(i, row) for i, row in enumerate(rows) if isinstance(row.get("lesion"), Lesion)]
    leaks = [
        Leakage(row["lesion"].lesion_id, row.get("cement_leakage"), row.get("leakage_symptomatic"))
        for _, row in indexed
    ]
    events = (
        AdverseEvent.objects.active()
        .filter(patient=patient, term=LEAK_TERM)
        .values_list("ae_id", "lesion__lesion_id")
        .order_by("ae_id")
    )
    found = checks.check_procedure_leak_events(leaks, events, confirmed=confirmed)
    return {
        f"{TREATED_PREFIX}-{indexed[k][0]}-{field}": messages
        for k, errors in found.items()
        for field, messages in errors.items()
    }


@transaction.atomic
def procedure_record(
    *,
    patient: Patient,
    procedure_date: dt.date,
    guidance: str,
    anaesthesia: str,
    duration_minutes: int | None = None,
    length_of_stay_days: int | None = None,
    treated_lesions: Sequence[Mapping],
    expected_version: int | None = None,
    reason: str = "",
    confirmed: Collection[str] = (),
    actor: Actor,
) -> Procedure:
    """Record (or change) the patient's procedure session and the lesions it treated.

    Parameters
    ----------
    patient : Patient
    procedure_date : date
        Day 0 of the follow-up schedule.
    guidance, anaesthesia : str
        Codes from ``codelists.GUIDANCE`` and ``codelists.ANAESTHESIA`` (one per session).
    duration_minutes, length_of_stay_days : int, optional
    treated_lesions : sequence of mapping
        One mapping per treated lesion: ``lesion`` (a :class:`Lesion` of this patient) and
        ``modality``, ``n_probes``, ``ablation_minutes``, ``cement_ml``,
        ``cement_leakage``, ``leakage_type``, ``leakage_symptomatic``, ``technical_success``.
        On an update, lesions no longer listed are soft-deleted from the session.
    expected_version : int, optional
        The session's version when the form was opened (required to change a recorded session).
    reason : str
        Reason for change (required when changing a recorded session).
    confirmed : collection of str
        Soft checks the user confirmed (``{"cement_ml"}`` for a volume above 30 mL,
        ``{"leak_without_event"}`` for a symptomatic leakage whose adverse event is not
        recorded yet). A lesion cannot lose its symptomatic leakage while a
        symptomatic-leakage adverse event needs it.
    actor : Actor
        Needs ``edit``.

    Returns
    -------
    Procedure

    Raises
    ------
    ValidationError
        Session fields by name, per-lesion fields as ``treated_lesions-<i>-<field>``.
    StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    refuse_if_patient_locked(patient)
    session_data = {
        "procedure_date": procedure_date,
        "guidance": guidance,
        "anaesthesia": anaesthesia,
        "duration_minutes": duration_minutes,
        "length_of_stay_days": length_of_stay_days,
    }
    errors = checks.merge(
        checks.check_procedure(session_data, enrolled_on=patient.enrolled_on, today=timezone.localdate()),
        _lesion_errors(patient, treated_lesions, confirmed),
        _leak_event_errors(patient, treated_lesions, confirmed),
    )
    if patient.death_date and isinstance(procedure_date, dt.date) and procedure_date > patient.death_date:
        errors.setdefault("procedure_date", []).append("procedure is after the patient's death")
    existing = Procedure.objects.active().filter(patient=patient).first()
    if existing is not None:
        if expected_version is None:
            raise ValidationError({"procedure_date": ["this patient's procedure is already recorded; edit it instead"]})
        session = lock_for_update(existing)
        check_version(session, expected_version)
        check_editable(session, reason)
    raise_if(errors)

    if existing is None:
        session = Procedure(patient=patient, form_state=FormState.COMPLETE)
    for f, v in session_data.items():
        setattr(session, f, v)
    save_record(session, actor=actor, reason=reason or "procedure recorded")
    visit_schedule_refresh(procedure_pks=[session.pk])

    current = {pl.lesion_id: pl for pl in ProcedureLesion.objects.active().filter(session=session)}
    all_ids = ProcedureLesion.objects.filter(session__patient=patient).values_list("procedure_id", flat=True)
    kept: set[int] = set()
    for row in treated_lesions:
        lesion = row["lesion"]
        kept.add(lesion.pk)
        record = current.get(lesion.pk)
        if record is None:
            record = ProcedureLesion(
                session=session,
                lesion=lesion,
                procedure_id=next_child_id(patient.study_id, "P", list(all_ids)),
                form_state=FormState.COMPLETE,
            )
        values = {f: row.get(f) for f in TREATED_FIELDS}
        values["leakage_type"] = values["leakage_type"] or ""
        values["cement_leakage"] = bool(values["cement_leakage"])
        changed = record.pk is None or any(getattr(record, f) != v for f, v in values.items())
        for f, v in values.items():
            setattr(record, f, v)
        if changed:
            save_record(record, actor=actor, reason=reason or "procedure recorded")
            all_ids = [*all_ids, record.procedure_id]
    for lesion_pk, record in current.items():
        if lesion_pk not in kept:
            record.is_deleted = True
            save_record(record, actor=actor, reason=reason or "lesion removed from the session")
    return session

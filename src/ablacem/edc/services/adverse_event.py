"""Adverse events, recorded at any time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.dataset.rules import Leakage
from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS
from ablacem.protocol import codelists as cl

from .. import checks
from ..actors import Actor
from ..models import AdverseEvent, FormState, Lesion, Patient, ProcedureLesion
from ..roles import Action
from ._common import next_child_id, open_for_update, raise_if, refuse_if_patient_locked, require, save_record


def treated_leakages(patient: Patient) -> list[Leakage]:
    """What the patient's procedure recorded about cement leakage, per treated lesion."""
    rows = (
        ProcedureLesion.objects.active()
        .filter(session__patient=patient, session__is_deleted=False)
        .values_list("lesion__lesion_id", "cement_leakage", "leakage_symptomatic")
    )
    return [Leakage(*row) for row in rows]


@transaction.atomic
def adverse_event_record(
    *,
    patient: Patient,
    onset_date: dt.date,
    term: str,
    cirse_grade: int,
    serious: bool,
    related_to: str,
    serious_criteria: Collection[str] = (),
    outcome: str = "",
    description: str = "",
    lesion: Lesion | None = None,
    adverse_event: AdverseEvent | None = None,
    expected_version: int | None = None,
    reason: str = "",
    actor: Actor,
) -> AdverseEvent:
    """Record a new adverse event (``adverse_event=None``; ID ``ABL-001-AE1`` assigned) or change one.

    Parameters
    ----------
    patient : Patient
    onset_date, term, cirse_grade, serious, related_to, outcome, description
        As in the tidy ``adverse_events`` table (CIRSE grade 1-6, Filippiadis et al. 2017).
    serious_criteria : collection of str
        Codes of ``codelists.SERIOUSNESS_CRITERION`` (ICH E2A) the event meets: at least one
        for a serious event, none otherwise; grade 3 or more is serious, grade 6 a death
        (:func:`ablacem.dataset.rules.seriousness`). A symptomatic-leakage event must match a
        symptomatic leakage recorded at the procedure
        (:func:`ablacem.dataset.rules.leak_event_matches_procedure`).
    lesion : Lesion, optional
        The lesion concerned, when lesion-specific.
    adverse_event : AdverseEvent, optional
        The event to change; then ``expected_version`` and a ``reason`` are required.
    actor : Actor
        Needs ``edit``.

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    refuse_if_patient_locked(patient)
    data = {
        "onset_date": onset_date,
        "term": term,
        "cirse_grade": cirse_grade,
        "serious": serious,
        "related_to": related_to,
        "outcome": outcome or "",
        "description": description or "",
    }
    unknown = set(serious_criteria) - set(cl.SERIOUSNESS_CRITERION.codes)
    if unknown:
        raise ValidationError({"serious_criteria": [f"not a seriousness criterion: {', '.join(sorted(unknown))}"]})
    errors = checks.check_adverse_event(
        {**data, "serious_criteria": list(serious_criteria)},
        enrolled_on=patient.enrolled_on,
        death_date=patient.death_date,
        today=timezone.localdate(),
        treated=treated_leakages(patient),
        lesion_id=lesion.lesion_id if lesion is not None else None,
        ae_id=adverse_event.ae_id if adverse_event is not None else None,
    )
    if lesion is not None and lesion.patient_id != patient.pk:
        errors.setdefault("lesion", []).append(f"{lesion.lesion_id} is not a lesion of {patient.study_id}")
    if adverse_event is not None:
        if adverse_event.patient_id != patient.pk:
            raise ValidationError(f"{adverse_event.ae_id} is not an adverse event of {patient.study_id}")
        record = open_for_update(adverse_event, expected_version=expected_version, reason=reason)
    raise_if(errors)
    if adverse_event is None:
        existing = AdverseEvent.objects.filter(patient=patient).values_list("ae_id", flat=True)
        record = AdverseEvent(
            patient=patient, ae_id=next_child_id(patient.study_id, "AE", existing), form_state=FormState.COMPLETE
        )
    record.lesion = lesion
    for f, v in data.items():
        setattr(record, f, v)
    for column, item in SERIOUS_CRITERIA_COLUMNS.items():
        setattr(record, column, item.code in serious_criteria)
    return save_record(record, actor=actor, reason=reason or "adverse event recorded")

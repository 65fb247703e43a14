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
from ._common import (
    check_version,
    lock_for_update,
    next_child_id,
    open_for_update,
    raise_if,
    refuse_if_patient_locked,
    require,
    save_record,
)
from .sae_notice import notify_after_commit


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
    relation_procedure: str = "",
    relation_ablation: str = "",
    relation_cement: str = "",
    expectedness: str = "",
    action_taken: str = "",
    ongoing: bool | None = None,
    resolution_date: dt.date | None = None,
    aware_date: dt.date | None = None,
    aware_time: dt.time | None = None,
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
    relation_procedure, relation_ablation, relation_cement : str
        Causality to the procedure, the ablation system and the cement
        (``codelists.AE_CAUSALITY``, MEDDEV 2.7/3 rev. 3); empty when not assessed.
    expectedness, action_taken : str
        ``codelists.AE_EXPECTEDNESS`` (ICH E2A) and ``codelists.AE_ACTION`` codes.
    ongoing, resolution_date
        Ongoing, or resolved on ``resolution_date`` (not both: :func:`ablacem.dataset.rules.ae_course`);
        ``ongoing=None`` takes the event as ongoing exactly when no resolution date is given.
    aware_date, aware_time
        When staff became aware of the event: for a serious event, the start of the 24-hour
        clock to an investigator's acknowledgement (:mod:`ablacem.protocol.safety`). A serious
        event recorded without them is taken as known from the moment it is recorded.
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
    if serious and aware_date is None:
        now = timezone.localtime()
        aware_date, aware_time = now.date(), now.time().replace(second=0, microsecond=0)
    data = {
        "onset_date": onset_date,
        "term": term,
        "cirse_grade": cirse_grade,
        "serious": serious,
        "related_to": related_to,
        "relation_procedure": relation_procedure or "",
        "relation_ablation": relation_ablation or "",
        "relation_cement": relation_cement or "",
        "expectedness": expectedness or "",
        "action_taken": action_taken or "",
        "ongoing": resolution_date is None if ongoing is None else bool(ongoing),
        "resolution_date": resolution_date,
        "aware_date": aware_date,
        "aware_time": aware_time,
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
    was_serious = adverse_event is not None and record.serious
    record.lesion = lesion
    for f, v in data.items():
        setattr(record, f, v)
    for column, item in SERIOUS_CRITERIA_COLUMNS.items():
        setattr(record, column, item.code in serious_criteria)
    saved = save_record(record, actor=actor, reason=reason or "adverse event recorded")
    if saved.serious and not was_serious:
        notify_after_commit(saved)
    return saved


@transaction.atomic
def adverse_event_acknowledge(
    *, adverse_event: AdverseEvent, expected_version: int | None = None, actor: Actor
) -> AdverseEvent:
    """An investigator acknowledges a serious adverse event: the 24-hour clock stops, the banner goes.

    The acknowledgement (who, when) is a change of the event's record, so its history (the
    audit trail) keeps it with the investigator as actor. Acknowledging stops the clock started
    when staff became aware (ICH E6(R2) 4.11.1; :mod:`ablacem.protocol.safety`). It does not
    need the record to be unlocked: a signed casebook can still have its SAE acknowledged.

    Parameters
    ----------
    adverse_event : AdverseEvent
        A serious event not yet acknowledged.
    expected_version : int, optional
        The version the investigator saw (optimistic locking).
    actor : Actor
        Needs ``acknowledge_sae`` (investigators).

    Returns
    -------
    AdverseEvent
        The event, with ``acknowledged_at`` and ``acknowledged_by`` set.

    Raises
    ------
    ValidationError
        When the event is not serious, is deleted, or is already acknowledged.
    PermissionDenied, StaleEditError
    """
    require(actor, Action.ACKNOWLEDGE_SAE, adverse_event)
    record = lock_for_update(adverse_event)
    check_version(record, expected_version)
    if record.is_deleted:
        raise ValidationError(f"{record.ae_id} is deleted")
    if not record.serious:
        raise ValidationError(f"{record.ae_id} is not a serious adverse event: there is nothing to acknowledge")
    if record.acknowledged_at is not None:
        raise ValidationError(f"{record.ae_id} was already acknowledged")
    record.acknowledged_at = timezone.now()
    record.acknowledged_by = actor.user
    return save_record(record, actor=actor, reason="serious adverse event acknowledged by an investigator")

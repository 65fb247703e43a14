"""CT follow-up of a treated lesion (post-procedure and 3 months)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import checks
from ..actors import Actor
from ..models import FormState, Imaging, Lesion
from ..models.lookups import procedure_date_of
from ..roles import Action
from ._common import (
    check_editable,
    check_version,
    lock_for_update,
    raise_if,
    refuse_if_patient_locked,
    require,
    save_record,
)


@transaction.atomic
def imaging_record(
    *,
    lesion: Lesion,
    timepoint: str,
    imaged_on: dt.date,
    local_status: str,
    distant_progression: bool | None = None,
    ct_cement_ml: float | None = None,
    ct_leakage: bool | None = None,
    expected_version: int | None = None,
    reason: str = "",
    actor: Actor,
) -> Imaging:
    """Record (or change) the CT of ``lesion`` at ``timepoint`` (``post`` or ``m3``).

    The CT must not be before the procedure nor after death; the cement measured on CT
    (``ct_cement_ml``, ``ct_leakage``) belongs to the post-procedure CT
    (:func:`ablacem.edc.checks.check_imaging`).

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, lesion)
    patient = lesion.patient
    refuse_if_patient_locked(patient)
    data = {
        "timepoint": timepoint,
        "imaged_on": imaged_on,
        "local_status": local_status,
        "distant_progression": distant_progression,
        "ct_cement_ml": ct_cement_ml,
        "ct_leakage": ct_leakage,
    }
    errors = checks.check_imaging(
        data, procedure_date=procedure_date_of(patient), death_date=patient.death_date, today=timezone.localdate()
    )
    existing = Imaging.objects.active().filter(lesion=lesion, timepoint=timepoint).first()
    if existing is not None:
        if expected_version is None:
            raise ValidationError(
                {"timepoint": [f"the {timepoint} CT of {lesion.lesion_id} is already recorded; edit it"]}
            )
        existing = lock_for_update(existing)
        check_version(existing, expected_version)
        check_editable(existing, reason)
    raise_if(errors)
    record = existing or Imaging(lesion=lesion, form_state=FormState.COMPLETE)
    for f, v in data.items():
        setattr(record, f, v)
    return save_record(record, actor=actor, reason=reason or "imaging recorded")

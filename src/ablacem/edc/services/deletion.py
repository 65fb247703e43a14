"""Soft delete: clinical records are flagged, never removed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from ..actors import Actor
from ..models import CLINICAL_MODELS, Analgesic, Assessment, Lesion, Patient, Procedure
from ..roles import Action
from ._common import open_for_update, raise_if, require, save_record


def _dependants(record) -> list:
    """Records that go with ``record`` (a patient's forms, a visit's analgesics, a session's lesions)."""
    if isinstance(record, Patient):
        from .casebook import patient_records

        return [r for r in patient_records(record) if not (isinstance(r, Patient))]
    if isinstance(record, Assessment):
        return list(Analgesic.objects.active().filter(assessment=record))
    if isinstance(record, Procedure):
        return list(record.treated_lesions.filter(is_deleted=False))
    if isinstance(record, Lesion):
        return [*record.treatments.filter(is_deleted=False), *record.imaging.filter(is_deleted=False)]
    return []


@transaction.atomic
def record_soft_delete(*, record, reason: str, expected_version: int, actor: Actor):
    """Mark a clinical record deleted (with what depends on it); it stays in the database and history.

    Parameters
    ----------
    record : a clinical model instance
        Patient, Lesion, Procedure, ProcedureLesion, Assessment, Analgesic, Imaging,
        AdverseEvent or PatientIdentity. Deleting a patient deletes all their forms; a visit,
        its analgesics; a session, its treated lesions; a lesion, its treatment and imaging.
    reason : str
        Required; stored in the history.
    expected_version : int
        Optimistic locking, as for any update.
    actor : Actor
        Needs ``edit``.

    Returns
    -------
    The record, now with ``is_deleted=True``.

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, record)
    if type(record) not in CLINICAL_MODELS:
        raise TypeError(f"{type(record).__name__} is not a clinical record")
    if not (reason or "").strip():
        raise_if({"reason": ["give the reason for deleting this record"]})
    current = open_for_update(record, expected_version=expected_version, reason=reason)
    if current.is_deleted:
        raise ValidationError(f"{current} is already deleted")
    text = f"deleted: {reason.strip()}"
    for dependant in _dependants(current):
        dependant.is_deleted = True
        save_record(dependant, actor=actor, reason=text)
    current.is_deleted = True
    return save_record(current, actor=actor, reason=text)

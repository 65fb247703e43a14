"""Source data verification (SDV): a monitor marks a form, or one field, as matching the source.

ICH E6(R3) (2025) section 3.11.4 (monitoring) and the SDV of OpenClinica: the mark names who
verified what and when; any later change of a verified value clears it (in the common save
path, :func:`ablacem.edc.services._sdv_hook.clear_changed_verifications`), so the form shows
again on the monitor's list.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..form_kinds import FormKind, form_kind, forms_needing_sdv
from ..models import SourceVerification
from ..models.history import HISTORY_ACTOR
from ..roles import Action
from ._common import raise_if, require
from ._sdv_hook import value_text
from ._study_lock_guard import refuse_if_study_locked


@transaction.atomic
def source_verify(*, kind: str | FormKind, record, field_name: str = "", actor: Actor) -> SourceVerification:
    """Mark one form (``field_name`` blank) or one of its fields as verified against the source.

    Parameters
    ----------
    kind : str or FormKind
        A form kind that needs SDV (:func:`forms_needing_sdv`).
    record
        The form's record.
    field_name : str
        One of the form's fields, or blank for the whole form.
    actor : Actor
        Needs ``verify_source`` (monitor).

    Returns
    -------
    SourceVerification
        The mark, with the values verified.

    Raises
    ------
    ValidationError
        ``{"form": ...}`` for a form the study does not verify; ``{"field_name": ...}`` for a
        field the form lacks; ``{"record": ...}`` when already verified (and unchanged since).
    PermissionDenied, RecordLockedError
    """
    kind = form_kind(kind) if isinstance(kind, str) else kind
    patient = kind.patient_of(record)
    require(actor, Action.VERIFY_SOURCE, patient)
    refuse_if_study_locked()
    if kind.code not in forms_needing_sdv():
        raise_if({"form": [f"the {kind.label} form is not one the study verifies against source (ABLACEM_SDV_FORMS)"]})
    if field_name and field_name not in kind.fields:
        raise_if({"field_name": [f"{field_name!r} is not a field of the {kind.label} form"]})
    current = kind.model.objects.select_for_update().get(pk=record.pk)
    if SourceVerification.objects.filter(
        form=kind.code, record_pk=current.pk, field_name=field_name, is_active=True
    ).exists():
        raise_if({"record": [f"{kind.record_label(current)} is already verified and unchanged since"]})
    fields = (field_name,) if field_name else kind.fields
    mark = SourceVerification(
        patient=patient,
        form=kind.code,
        record_pk=current.pk,
        field_name=field_name,
        values={f: value_text(getattr(current, f)) for f in fields},
        verified_by=actor.user,
        verified_at=timezone.now(),
    )
    mark._history_user = actor.user
    setattr(mark, HISTORY_ACTOR, actor)
    mark._change_reason = "source verified"
    mark.save()
    return mark

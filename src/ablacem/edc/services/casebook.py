"""Signing a patient's casebook (locks every form) and unlocking it (data manager, with a reason)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..models import CLINICAL_MODELS, SIGNATURE_STATEMENT, CasebookSignature, FormState, Patient, Query
from ..models.signature import printed_name
from ..roles import Action
from ..selectors.casebook import follow_up_is_over
from ._common import check_reason, raise_if, require, save_record, stamp


def patient_records(patient: Patient) -> list:
    """Every active clinical record of a patient (the patient record included), for locking."""
    from ..models import (
        AdverseEvent,
        Analgesic,
        Assessment,
        Imaging,
        Lesion,
        PatientIdentity,
        Procedure,
        ProcedureLesion,
    )

    by_model = {
        Patient: Patient.objects.filter(pk=patient.pk),
        PatientIdentity: PatientIdentity.objects.filter(patient=patient),
        Lesion: Lesion.objects.filter(patient=patient),
        Procedure: Procedure.objects.filter(patient=patient),
        ProcedureLesion: ProcedureLesion.objects.filter(session__patient=patient),
        Assessment: Assessment.objects.filter(patient=patient),
        Analgesic: Analgesic.objects.filter(assessment__patient=patient),
        Imaging: Imaging.objects.filter(lesion__patient=patient),
        AdverseEvent: AdverseEvent.objects.filter(patient=patient),
    }
    assert set(by_model) == set(CLINICAL_MODELS)
    return [r for model in CLINICAL_MODELS for r in by_model[model].filter(is_deleted=False).select_for_update()]


#: Why signing before the end of study needs the investigator's explicit confirmation.
CONFIRM_OPEN_FOLLOW_UP = (
    "follow-up is not over (no end of study recorded): confirm that you sign now, "
    "knowing that the visits still to come will be locked until a data manager unlocks the casebook"
)

#: Kept in the audit trail with a signature given before the end of study.
SIGNED_DURING_FOLLOW_UP = "signed before the end of follow-up, confirmed by the investigator"


@transaction.atomic
def casebook_sign(
    *,
    patient: Patient,
    password: str,
    actor: Actor,
    confirm_open_follow_up: bool = False,
    username: str | None = None,
) -> CasebookSignature:
    """The investigator signs the patient's casebook, re-entering the password; every form is locked.

    21 CFR 11.200(a)(1) (version of 20 March 1997): the first signing of a continuous session
    takes both components, username and password (``username`` given; the web asks for it at
    the first signing of each login session), later ones the password only (``username``
    None). The signature stores the signer's printed name, the time and its meaning
    (:data:`~ablacem.edc.models.SIGNATURE_STATEMENT`; §11.50(a)), and which components were
    entered.

    Signing locks the visits still to come as well, so while follow-up is not over (see
    :func:`ablacem.edc.selectors.follow_up_is_over`) it needs ``confirm_open_follow_up``, and the
    audit trail keeps :data:`SIGNED_DURING_FOLLOW_UP` as the reason of the signature.

    Raises
    ------
    ValidationError
        ``{"username": [...]}`` when a username is given that is not the signer's;
        ``{"password": [...]}`` when the password is wrong; ``{"confirm_open_follow_up": [...]}``
        when follow-up is not over and signing was not confirmed; ``{"patient": [...]}`` when
        already signed.
    PermissionDenied
        Unless the actor may ``sign`` (an investigator; ``actor.user`` re-enters the password).
    """
    require(actor, Action.SIGN, patient)
    if username is not None and username.strip() != actor.user.get_username():
        raise_if({"username": ["this is not the username of the account signing: enter your own username"]})
    if not actor.user.check_password(password or ""):
        raise_if({"password": ["the password is not correct"]})
    current = Patient.objects.select_for_update().get(pk=patient.pk)  # the end of study as stored now
    if CasebookSignature.objects.filter(patient=patient, is_active=True).exists():
        raise ValidationError({"patient": [f"the casebook of {patient.study_id} is already signed"]})
    unresolved = Query.objects.filter(patient=patient).unresolved().count()
    if unresolved:
        raise ValidationError(
            {
                "patient": [
                    f"{unresolved} quer{'y is' if unresolved == 1 else 'ies are'} not closed: close them before signing"
                ]
            }
        )
    if not follow_up_is_over(current) and not confirm_open_follow_up:
        raise_if({"confirm_open_follow_up": [CONFIRM_OPEN_FOLLOW_UP]})
    for record in patient_records(patient):
        if record.form_state != FormState.LOCKED:
            record.state_before_lock = record.form_state
            record.form_state = FormState.LOCKED
            save_record(record, actor=actor, reason="casebook signed", bump=True)
    signature = CasebookSignature(
        patient=patient,
        signed_by=actor.user,
        signed_at=timezone.now(),
        statement=SIGNATURE_STATEMENT,
        signer_name=printed_name(actor.user),
        both_components=username is not None,
    )
    stamp(signature, actor=actor, reason="" if follow_up_is_over(current) else SIGNED_DURING_FOLLOW_UP)
    signature.save()
    patient.refresh_from_db()
    return signature


@transaction.atomic
def casebook_unlock(*, patient: Patient, reason: str, actor: Actor) -> CasebookSignature:
    """A data manager unlocks a signed casebook, giving a reason; forms return to their earlier state.

    Returns
    -------
    CasebookSignature
        The signature, now inactive (who unlocked, when and why).

    Raises
    ------
    ValidationError
        ``{"reason": [...]}`` without a reason; ``{"patient": [...]}`` when not signed.
    PermissionDenied
        Unless the actor may ``unlock``.
    """
    require(actor, Action.UNLOCK, patient)
    if not (reason or "").strip():
        raise_if({"reason": ["give the reason for unlocking"]})
    check_reason(reason)
    signature = CasebookSignature.objects.select_for_update().filter(patient=patient, is_active=True).first()
    if signature is None:
        raise ValidationError({"patient": [f"the casebook of {patient.study_id} is not signed"]})
    for record in patient_records(patient):
        if record.form_state == FormState.LOCKED:
            record.form_state = record.state_before_lock or FormState.COMPLETE
            record.state_before_lock = ""
            save_record(record, actor=actor, reason=f"casebook unlocked: {reason.strip()}")
    signature.is_active = False
    signature.unlocked_by = actor.user
    signature.unlocked_at = timezone.now()
    signature.unlock_reason = reason.strip()
    stamp(signature, actor=actor, reason=reason)
    signature.save()
    patient.refresh_from_db()
    return signature

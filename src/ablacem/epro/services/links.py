"""Issue, rotate, revoke a patient's link, and keep the language the patient chose on it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action
from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import TIMEPOINT_CODES

from ..links import link_token, new_nonce, token_hash
from ..models import LinkChannel, PatientLink
from ._audit import require, save_audited


def _check_timepoint(timepoint: str) -> None:
    if timepoint not in TIMEPOINT_CODES:
        raise ValidationError({"timepoint": [f"{timepoint!r} is not one of {', '.join(TIMEPOINT_CODES)}"]})


def _fresh_secret(link: PatientLink) -> None:
    link.nonce = new_nonce()
    link.token_hash = token_hash(link_token(link))


def _open_link(patient: Patient, timepoint: str) -> PatientLink | None:
    return (
        PatientLink.objects.select_for_update()
        .filter(patient=patient, timepoint=timepoint, revoked_at__isnull=True, submitted_at__isnull=True)
        .first()
    )


def link_for_visit(*, actor: Actor, patient: Patient, timepoint: str, channel: str = LinkChannel.LINK) -> PatientLink:
    """The open link of the patient's visit at ``timepoint``, issued now if there is none.

    One open link per patient and timepoint (constraint ``epro_one_open_link_per_visit``): two
    callers at once get the same link (the loser of the insert race reads the winner's row).

    Parameters
    ----------
    actor : Actor
        Needs ``edit`` on the patient (staff, or the system sending invitations).
    patient : Patient
    timepoint : str
        A protocol timepoint code (``ablacem.protocol.timepoints``).
    channel : str
        ``link`` (sent to the patient) or ``in_clinic`` (opened on a clinic tablet); used when
        a link is issued, an existing open link keeps its own.

    Returns
    -------
    PatientLink

    Raises
    ------
    ValidationError
        Unknown timepoint or channel.
    PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    _check_timepoint(timepoint)
    if channel not in LinkChannel.values:
        raise ValidationError({"channel": [f"{channel!r} is not one of {', '.join(LinkChannel.values)}"]})
    try:
        with transaction.atomic():
            existing = _open_link(patient, timepoint)
            if existing is not None:
                return existing
            link = PatientLink(patient=patient, timepoint=timepoint, channel=channel)
            _fresh_secret(link)
            save_audited(link, actor=actor, reason="link issued")
            return link
    except IntegrityError:
        # Another request issued the link between our read and our insert: use theirs.
        with transaction.atomic():
            existing = _open_link(patient, timepoint)
            if existing is None:
                raise
            return existing


@transaction.atomic
def link_rotate(*, actor: Actor, patient: Patient, timepoint: str) -> PatientLink:
    """Give the visit's open link a fresh token (issuing one if none): the old token stops working.

    The draft answers stay with the link. Used by ``ablacem epro link`` to print a working link
    (the token is never stored, so printing one means making a new one).

    Raises
    ------
    ValidationError, PermissionDenied
    """
    link = link_for_visit(actor=actor, patient=patient, timepoint=timepoint)
    link = PatientLink.objects.select_for_update().get(pk=link.pk)
    _fresh_secret(link)
    save_audited(link, actor=actor, reason="link token renewed")
    return link


@transaction.atomic
def link_revoke(*, actor: Actor, link: PatientLink, reason: str) -> PatientLink:
    """Revoke ``link``: it stops opening at once; a later :func:`link_for_visit` issues a new one.

    Raises
    ------
    ValidationError
        Without a reason, or when the link is already revoked or submitted.
    PermissionDenied
    """
    require(actor, Action.EDIT, link.patient)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["give a reason for revoking the link"]})
    current = PatientLink.objects.select_for_update().get(pk=link.pk)
    if current.revoked_at is not None:
        raise ValidationError({"link": ["this link is already revoked"]})
    if current.submitted_at is not None:
        raise ValidationError({"link": ["this link was already used to submit the questionnaire"]})
    current.revoked_at = timezone.now()
    current.revoke_reason = reason.strip()
    save_audited(current, actor=actor, reason=f"link revoked: {current.revoke_reason}")
    return current


@transaction.atomic
def link_set_language(*, actor: Actor, link: PatientLink, language: str) -> PatientLink:
    """Keep the language the patient switched to on ``link``'s pages (``patient_language`` code list).

    Raises
    ------
    ValidationError
        For a language not in the code list.
    PermissionDenied
    """
    require(actor, Action.EDIT, link.patient)
    if language not in cl.PATIENT_LANGUAGE.codes:
        raise ValidationError({"language": [f"{language!r} is not one of {', '.join(cl.PATIENT_LANGUAGE.codes)}"]})
    current = PatientLink.objects.select_for_update().get(pk=link.pk)
    if current.language != language:
        current.language = language
        save_audited(current, actor=actor, reason=f"language set to {language}")
    return current

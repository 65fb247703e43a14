"""Enrolling a TOTP authenticator (django-otp) as a user's second factor."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..actors import Actor
from ..models.audit_event import AuditEventKind
from ..roles import Action
from ._common import require
from .audit_events import audit_event_record

WRONG_CODE = "the code does not match: enter the 6 digits your authenticator app shows now"


def totp_device_enrol(*, actor: Actor, key: str, token: str) -> TOTPDevice:
    """Confirm and store the authenticator the user set up from ``key`` (shown as a QR code),
    proving it with a current ``token``; earlier authenticators of the user are replaced.

    Parameters
    ----------
    actor : Actor
        The user enrolling their own authenticator.
    key : str
        The secret (hex) the enrolment page generated and kept in the session.
    token : str
        The 6-digit code the app shows now.

    Returns
    -------
    TOTPDevice

    Raises
    ------
    ValidationError
        ``{"token": [...]}`` when the code does not match (nothing is stored).
    """
    user = actor.user
    if user is None:
        raise ValidationError({"token": ["log in first"]})
    token = (token or "").strip().replace(" ", "")
    # A wrong code rolls the new device back with the transaction: nothing is stored.
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=False)
        if not (token.isdigit() and device.verify_token(token)):
            raise ValidationError({"token": [WRONG_CODE]})
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_event_record(actor=actor, kind=AuditEventKind.DEVICE_ENROLLED, subject_username=user.get_username())
    return device


@transaction.atomic
def totp_device_remove(*, account, actor: Actor) -> int:
    """Remove ``account``'s authenticators (a lost phone): the next login enrols a new one.

    Needs ``manage_users`` (a data manager). Returns the number of devices removed.
    """
    require(actor, Action.MANAGE_USERS)
    removed, _ = TOTPDevice.objects.filter(user=account).delete()
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.DEVICE_REMOVED,
        subject_username=account.get_username(),
        detail=f"{removed} authenticator(s) removed",
    )
    return removed

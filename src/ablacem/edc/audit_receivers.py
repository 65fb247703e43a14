"""Audit events recorded from Django's signals: logins, failed logins, logouts, password changes.

Connected by :meth:`ablacem.edc.apps.EdcConfig.ready`. A failed login stores the username as
typed (it may be a typo of a real account, and is not a patient identifier) and never the
password: Django's ``user_login_failed`` already hides it, and only ``username`` is read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save

from .actors import Actor, actor_from_request
from .models.audit_event import AuditEventKind
from .services.audit_events import audit_event_record

#: Set on a user by ``pre_save`` when the stored password hash is about to change.
_PASSWORD_CHANGING = "_ablacem_password_changing"


def _where(request) -> str:
    """Where the attempt was made (a path of database keys only, never patient data)."""
    return f"at {request.path}" if request is not None else ""


def _logged_in(sender, request, user, **kwargs) -> None:
    audit_event_record(actor=Actor.staff(user), kind=AuditEventKind.LOGIN, subject_username=user.get_username())


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_event_record(actor=Actor.staff(user), kind=AuditEventKind.LOGOUT, subject_username=user.get_username())


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    actor = actor_from_request(request) if request is not None else None
    audit_event_record(
        actor=actor if actor is not None and actor.user is not None else None,
        kind=AuditEventKind.LOGIN_FAILED,
        subject_username=str(credentials.get("username", "")),
        detail=_where(request),
    )


def _password_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender._base_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    setattr(instance, _PASSWORD_CHANGING, stored is not None and stored != instance.password)


def _password_after(sender, instance, created, raw=False, **kwargs) -> None:
    if getattr(instance, _PASSWORD_CHANGING, False):
        setattr(instance, _PASSWORD_CHANGING, False)
        audit_event_record(
            actor=None if raw else Actor.system("account"),
            kind=AuditEventKind.PASSWORD_CHANGED,
            subject_username=instance.get_username(),
        )


def connect_audit_receivers() -> None:
    """Connect the receivers above (called once, at app start)."""
    user_model = get_user_model()
    user_logged_in.connect(_logged_in, dispatch_uid="ablacem_audit_login")
    user_logged_out.connect(_logged_out, dispatch_uid="ablacem_audit_logout")
    user_login_failed.connect(_login_failed, dispatch_uid="ablacem_audit_login_failed")
    pre_save.connect(_password_before, sender=user_model, dispatch_uid="ablacem_audit_password_before")
    post_save.connect(_password_after, sender=user_model, dispatch_uid="ablacem_audit_password_after")

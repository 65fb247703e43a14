"""Events of the study's audit trail that are not changes of a clinical record.

Accounts (created, role changed, deactivated, reactivated, lockout lifted, password changed),
logins (successful and failed), exports and downloads, imports, API tokens created and revoked.
Clinical changes are kept by django-simple-history; these complete the trail (21 CFR 11.10(e); ICH E6(R3) 4.2.1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..actors import ActorKind


class AuditEventKind(models.TextChoices):
    """What happened."""

    USER_CREATED = "user_created", "Account created"
    ROLE_CHANGED = "role_changed", "Role changed"
    SITES_CHANGED = "sites_changed", "Sites changed"
    USER_DEACTIVATED = "user_deactivated", "Account deactivated"
    USER_REACTIVATED = "user_reactivated", "Account reactivated"
    LOCKOUT_LIFTED = "lockout_lifted", "Login lockout lifted"
    PASSWORD_CHANGED = "password_changed", "Password set or reset"
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"
    EXPORT = "export", "Export or download"
    IMPORT = "import", "Import"
    BACKUP = "backup", "Backup"
    RESTORE = "restore", "Restore"
    DEVICE_ENROLLED = "device_enrolled", "Second factor enrolled"
    DEVICE_REMOVED = "device_removed", "Second factor removed"
    API_TOKEN_CREATED = "api_token_created", "API token created"
    API_TOKEN_REVOKED = "api_token_revoked", "API token revoked"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """Refused: audit events are append-only."""
        raise PermissionError("audit events are append-only")

    def delete(self):
        """Refused: audit events are append-only."""
        raise PermissionError("audit events are append-only")

    update.queryset_only = True
    delete.queryset_only = True


class AuditEvent(models.Model):
    """One audit event; written once by :func:`ablacem.edc.services.audit_event_record`, never changed.

    Attributes
    ----------
    at : datetime
        When it happened.
    kind : str
        An :class:`AuditEventKind`.
    user : User or None
        The account that acted (None for the system, a patient, or an anonymous failed login).
    actor_kind, actor_name : str
        The actor as the clinical history keeps it (:class:`ablacem.edc.actors.Actor`).
    subject_username : str
        The account the event is about: the new or changed account, or the username typed in a
        failed login (kept as typed: it may be a typo of a real one; never the password).
    identified : bool or None
        For exports: whether the file held identifiers.
    detail : str
        What, in words (``tidy dataset zip``, ``role coordinator -> investigator``); never a
        patient identifier.
    """

    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20, choices=AuditEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_kind = models.CharField(max_length=10, choices=[(k.value, k.value) for k in ActorKind])
    actor_name = models.CharField(max_length=150, blank=True, default="")
    subject_username = models.CharField(max_length=150, blank=True, default="")
    identified = models.BooleanField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True, default="")

    #: Joins the tamper-evident audit chain (:mod:`ablacem.edc.services.audit_chain`).
    audit_chained = True

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="edc_auditevent_kind_at")]

    def save(self, *args, **kwargs):
        """Insert only: an existing event is never changed."""
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: audit events are append-only."""
        raise PermissionError("audit events are append-only")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"

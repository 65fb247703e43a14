"""Database lock: the study frozen by a data manager with an investigator's confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .history import ActorHistory


class LockState(models.TextChoices):
    """A lock's life: requested by a data manager, locked once an investigator confirms, then
    possibly unlocked (with a reason); a request can also be withdrawn."""

    REQUESTED = "requested", "Requested"
    LOCKED = "locked", "Locked"
    UNLOCKED = "unlocked", "Unlocked"
    WITHDRAWN = "withdrawn", "Withdrawn"


class StudyLock(models.Model):
    """One lock of the whole study database (requested, confirmed, unlocked), audited by history."""

    state = models.CharField(max_length=10, choices=LockState.choices, default=LockState.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    request_note = models.TextField(blank=True, default="")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.TextField(blank=True, default="")
    final_export_sha256 = models.CharField(max_length=64, blank=True, default="")

    history = HistoricalRecords(bases=[ActorHistory])

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state__in=["requested", "locked"]),
                name="edc_one_pending_or_active_study_lock",
            )
        ]

    def __str__(self) -> str:
        return f"study lock {self.pk} ({self.state})"

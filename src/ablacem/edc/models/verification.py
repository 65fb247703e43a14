"""Source data verification: a monitor's mark that a form, or one field, matches the source."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .base import ClinicalQuerySet
from .history import ActorHistory
from .patient import Patient


class SourceVerification(models.Model):
    """A form (``field_name`` blank) or one field verified against the source by a monitor.

    ``values`` keeps what was verified (field -> value as text). A later change of one of those
    values clears the mark (``is_active`` False, with when and why): the monitor's list shows the
    form again.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="verifications")
    form = models.CharField(max_length=20)
    record_pk = models.PositiveIntegerField()
    field_name = models.CharField(max_length=60, blank=True, default="")
    values = models.JSONField(default=dict)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField()
    is_active = models.BooleanField(default=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_reason = models.TextField(blank=True, default="")

    history = HistoricalRecords(bases=[ActorHistory])
    objects = ClinicalQuerySet.as_manager()
    patient_lookup = "patient"

    class Meta:
        ordering = ["verified_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "record_pk", "field_name"],
                condition=models.Q(is_active=True),
                name="edc_one_active_verification",
            )
        ]

    def __str__(self) -> str:
        return f"verification of {self.form} {self.record_pk} {self.field_name}".strip()

    def delete(self, *args, **kwargs):
        """Refused: a cleared verification stays, inactive."""
        raise PermissionError("verifications are never deleted; they are cleared")

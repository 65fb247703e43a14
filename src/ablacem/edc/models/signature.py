"""The investigator's signature of a patient's casebook."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..site_time import site_time
from .history import ActorHistory
from .patient import Patient

#: What the investigator attests by signing (shown on the sign page, stored with the signature).
SIGNATURE_STATEMENT = (
    "I have reviewed the data recorded in this casebook and attest that they are complete and accurate."
)


class CasebookSignature(models.Model):
    """One signature event; ``is_active`` turns False when a data manager unlocks the casebook.

    Signing locks every form of the patient; unlocking (with a reason) reopens them.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    statement = models.TextField(default=SIGNATURE_STATEMENT)
    is_active = models.BooleanField(default=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.TextField(blank=True, default="")

    history = HistoricalRecords(bases=[ActorHistory])

    class Meta:
        ordering = ["patient__study_id", "-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"], condition=models.Q(is_active=True), name="edc_one_active_signature"
            )
        ]

    def __str__(self) -> str:
        return f"signature of {self.patient.study_id} at {site_time(self.signed_at)}"

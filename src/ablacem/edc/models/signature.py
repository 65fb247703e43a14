"""The investigator's signature of a patient's casebook."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from ..site_time import site_time
from .history import ActorHistory
from .patient import Patient

#: The meaning of the signature (21 CFR 11.50(a)(3)): what the investigator attests by signing,
#: shown on the sign page and stored with the signature.
SIGNATURE_STATEMENT = (
    "I confirm that I have reviewed the data recorded in this casebook and that they are complete and accurate."
)


def printed_name(user) -> str:
    """The signer's printed name (21 CFR 11.50(a)(1)): the full name, else the username."""
    return (user.get_full_name() or "").strip() or user.get_username()


class CasebookSignature(models.Model):
    """One signature event; ``is_active`` turns False when a data manager unlocks the casebook.

    Signing locks every form of the patient; unlocking (with a reason) reopens them. Each
    signature keeps what 21 CFR Part 11 asks of a signed record (version of 20 March 1997,
    current text of the eCFR): the signer's printed name, the date and time, and the meaning
    (§11.50(a)), and whether both components (username and password) were entered, as at the
    first signing of a session, or the password only, as at later signings of the same
    continuous session (§11.200(a)(1)(i)-(ii)).
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()
    statement = models.TextField("Meaning", default=SIGNATURE_STATEMENT)
    signer_name = models.CharField("Printed name", max_length=300, blank=True, default="")
    # null, not False, on older rows: a default value would change their audit-chain content.
    both_components = models.BooleanField(
        "Username and password entered", null=True, blank=True, help_text="False: the password only (same session)"
    )
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

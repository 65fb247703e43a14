"""One secure link per patient and timepoint (see :mod:`ablacem.epro.links` for the token design)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from ablacem.edc.models import Patient
from ablacem.edc.models.history import ActorHistory
from ablacem.protocol.timepoints import TIMEPOINTS


class LinkChannel(models.TextChoices):
    """How the questionnaire reaches the patient: their own link, or a clinic tablet."""

    LINK = "link", "Link"
    IN_CLINIC = "in_clinic", "In clinic"


class PatientLink(models.Model):
    """A patient's link to the questionnaire of one visit.

    Open while neither revoked nor submitted; a database constraint allows one open link per
    patient and timepoint. Only ``sha256(token)`` is stored; the token is regenerated from
    ``nonce`` and the server's link key (:mod:`ablacem.epro.links`). Issue, rotation, language
    change, revocation and submission are audited (django-simple-history, with the actor).

    Attributes
    ----------
    channel : str
        How the link was issued (``link`` or ``in_clinic``); the submission records the channel
        it actually came through on the assessment.
    language : str
        The language the patient chose on the link's pages (``patient_language`` code list);
        empty: the language of their identity record.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="epro_links")
    timepoint = models.CharField(max_length=10, choices=[(tp.code, tp.label) for tp in TIMEPOINTS])
    nonce = models.CharField(max_length=64, help_text="random; the token is HMAC(link key, nonce)")
    token_hash = models.CharField(max_length=64, unique=True, help_text="sha256 of the token")
    channel = models.CharField(max_length=10, choices=LinkChannel.choices, default=LinkChannel.LINK)
    language = models.CharField(max_length=5, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=500, blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[ActorHistory], excluded_fields=["nonce"])

    class Meta:
        ordering = ["patient_id", "timepoint", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "timepoint"],
                condition=models.Q(revoked_at__isnull=True, submitted_at__isnull=True),
                name="epro_one_open_link_per_visit",
            )
        ]

    def __str__(self) -> str:
        return f"link {self.pk} ({self.timepoint})"

    @property
    def is_open(self) -> bool:
        """Neither revoked nor submitted (whether it opens today is :func:`~ablacem.epro.selectors.link_state`)."""
        return self.revoked_at is None and self.submitted_at is None

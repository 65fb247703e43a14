"""Cement measured on an uploaded post-procedure CT series (issue 15).

Only the series geometry, acquisition parameters and the results are stored, with the
measurement's parameters and software version; never any other header field, and never the
images (the uploaded archive is deleted once measured unless the site keeps images).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from .base import ClinicalRecord
from .lesion import Lesion


class CtUploadStorage(FileSystemStorage):
    """Files under ``ABLACEM_CT_UPLOAD_DIR``, read when used (not frozen when the models load)."""

    @property
    def base_location(self) -> str:
        return str(settings.ABLACEM_CT_UPLOAD_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def ct_upload_storage() -> FileSystemStorage:
    """Where uploaded series wait for their measurement (``ABLACEM_CT_UPLOAD_DIR``), outside any served folder."""
    return CtUploadStorage()


class CtStatus(models.TextChoices):
    """Where a measurement stands."""

    PENDING = "pending", "Waiting for measurement"
    MEASURED = "measured", "Measured: to be reviewed"
    REFUSED = "refused", "Series refused"
    ACCEPTED = "accepted", "Accepted"
    EDITED = "edited", "Accepted with changes"
    REJECTED = "rejected", "Rejected"


class CtMeasurement(ClinicalRecord):
    """One uploaded series of a lesion's post-procedure CT and what was measured on it.

    Attributes
    ----------
    upload : FileField
        The zipped series under a random name, emptied after the measurement unless
        ``ABLACEM_CT_KEEP_IMAGES``.
    cement_volume_ml, leak_count, leak_volume_ml : numbers
        The results (empty until measured).
    leaks, bounding_box, parameters, geometry, acquisition : JSON
        Leak list (``volume_ml``, ``distance_mm``, slice range), deposit extent, threshold and
        seed, series geometry, acquisition parameters (kV, mA, kernel, slice thickness).
    overlay_png : bytes
        Maximum-intensity projections with the cement outlined.
    refusal : str
        Why the series could not be measured (the rule's message).
    decision_reason : str
        The radiologist's reason for an edit or a rejection.
    """

    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, related_name="ct_measurements")
    status = models.CharField(max_length=10, choices=CtStatus.choices, default=CtStatus.PENDING)
    upload = models.FileField(storage=ct_upload_storage, upload_to="ct/", blank=True, max_length=200)
    upload_bytes = models.PositiveBigIntegerField(default=0)
    software_version = models.CharField(max_length=20, blank=True, default="")
    cement_volume_ml = models.FloatField(null=True, blank=True)
    leak_count = models.PositiveSmallIntegerField(null=True, blank=True)
    leak_volume_ml = models.FloatField(null=True, blank=True)
    leaks = models.JSONField(default=list, blank=True)
    bounding_box = models.JSONField(null=True, blank=True)
    parameters = models.JSONField(default=dict, blank=True)
    geometry = models.JSONField(default=dict, blank=True)
    acquisition = models.JSONField(default=dict, blank=True)
    overlay_png = models.BinaryField(null=True, blank=True)
    refusal = models.TextField(blank=True, default="")
    measured_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, default="")

    patient_lookup = "lesion__patient"

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"CT measurement {self.pk} of {self.lesion.lesion_id}"

    @property
    def decided(self) -> bool:
        """Accepted, edited or rejected: the radiologist has ruled on it."""
        return self.status in (CtStatus.ACCEPTED, CtStatus.EDITED, CtStatus.REJECTED)

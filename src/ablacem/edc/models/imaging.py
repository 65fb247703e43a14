"""CT follow-up per lesion and imaging timepoint (tidy ``imaging``)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import IMAGING

from ._columns import column_field
from .base import ClinicalRecord
from .lesion import Lesion


class Imaging(ClinicalRecord):
    """Local tumour status of one lesion at ``post`` or ``m3`` (Ahmed et al., Radiology 2014)."""

    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, related_name="imaging")
    timepoint = column_field(IMAGING, "timepoint")
    imaged_on = column_field(IMAGING, "imaged_on")
    local_status = column_field(IMAGING, "local_status")
    distant_progression = column_field(IMAGING, "distant_progression", null=True, blank=True)
    ct_cement_ml = column_field(IMAGING, "ct_cement_ml", null=True, blank=True)
    ct_leakage = column_field(IMAGING, "ct_leakage", null=True, blank=True)

    patient_lookup = "lesion__patient"

    class Meta:
        ordering = ["lesion__lesion_id", "timepoint"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesion", "timepoint"], condition=models.Q(is_deleted=False), name="edc_one_scan_per_timepoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lesion.lesion_id} {self.timepoint}"

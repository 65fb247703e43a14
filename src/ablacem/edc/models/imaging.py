"""CT follow-up per lesion and imaging timepoint (tidy ``imaging``)."""

from __future__ import annotations

from django.db import models

from ablacem.protocol import codelists as cl

from ._choices import max_len, str_choices
from .base import ClinicalRecord
from .lesion import Lesion


class Imaging(ClinicalRecord):
    """Local tumour status of one lesion at ``post`` or ``m3`` (Ahmed et al., Radiology 2014)."""

    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, related_name="imaging")
    timepoint = models.CharField(max_length=max_len(cl.IMAGING_TIMEPOINT), choices=str_choices(cl.IMAGING_TIMEPOINT))
    imaged_on = models.DateField("CT date")
    local_status = models.CharField(max_length=max_len(cl.LOCAL_STATUS), choices=str_choices(cl.LOCAL_STATUS))
    distant_progression = models.BooleanField("Disease progression elsewhere", null=True, blank=True)

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

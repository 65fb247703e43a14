"""Target lesions with SINS / Mirels components (tidy ``lesions``)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import LESIONS
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from ._columns import column_field
from .base import ClinicalRecord
from .patient import Patient

#: What the lesion form records; ``region`` and the score totals are computed from these.
LESION_FIELDS = (
    "site",
    "lesion_type",
    "size_mm",
    "pathologic_fracture",
    "prior_radiotherapy",
    *SINS_COMPONENTS,
    *MIRELS_COMPONENTS,
)


class Lesion(ClinicalRecord):
    """One target lesion; ``region`` follows from ``site``; totals are computed by the services
    with :mod:`ablacem.scoring.lesion_scores` (SINS: Fisher 2010; Mirels 1989)."""

    lesion_id = column_field(LESIONS, "lesion_id", unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lesions")
    region = column_field(LESIONS, "region")
    site = column_field(LESIONS, "site")
    lesion_type = column_field(LESIONS, "lesion_type")
    size_mm = column_field(LESIONS, "size_mm", null=True, blank=True)
    pathologic_fracture = column_field(LESIONS, "pathologic_fracture", null=True, blank=True)
    prior_radiotherapy = column_field(LESIONS, "prior_radiotherapy", null=True, blank=True)
    sins_location = column_field(LESIONS, "sins_location", null=True, blank=True)
    sins_pain = column_field(LESIONS, "sins_pain", null=True, blank=True)
    sins_bone_lesion = column_field(LESIONS, "sins_bone_lesion", null=True, blank=True)
    sins_alignment = column_field(LESIONS, "sins_alignment", null=True, blank=True)
    sins_collapse = column_field(LESIONS, "sins_collapse", null=True, blank=True)
    sins_posterolateral = column_field(LESIONS, "sins_posterolateral", null=True, blank=True)
    sins_total = column_field(LESIONS, "sins_total", null=True, blank=True, editable=False)
    mirels_site = column_field(LESIONS, "mirels_site", null=True, blank=True)
    mirels_pain = column_field(LESIONS, "mirels_pain", null=True, blank=True)
    mirels_lesion = column_field(LESIONS, "mirels_lesion", null=True, blank=True)
    mirels_size = column_field(LESIONS, "mirels_size", null=True, blank=True)
    mirels_total = column_field(LESIONS, "mirels_total", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["lesion_id"]

    def __str__(self) -> str:
        return f"{self.lesion_id} ({self.site})"

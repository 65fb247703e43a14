"""Target lesions with SINS / Mirels components (tidy ``lesions``)."""

from __future__ import annotations

from django.db import models

from ablacem.protocol import codelists as cl
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from ._choices import int_choices, max_len, str_choices
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

    lesion_id = models.CharField("Lesion ID", max_length=30, unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lesions")
    region = models.CharField(max_length=max_len(cl.REGION), choices=str_choices(cl.REGION))
    site = models.CharField(max_length=max_len(cl.LESION_SITE), choices=str_choices(cl.LESION_SITE))
    lesion_type = models.CharField(max_length=max_len(cl.LESION_TYPE), choices=str_choices(cl.LESION_TYPE))
    size_mm = models.FloatField("Largest diameter (mm)", null=True, blank=True)
    pathologic_fracture = models.BooleanField(null=True, blank=True)
    prior_radiotherapy = models.BooleanField(null=True, blank=True)
    sins_location = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.SINS_LOCATION))
    sins_pain = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.SINS_PAIN))
    sins_bone_lesion = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.SINS_BONE_LESION))
    sins_alignment = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.SINS_ALIGNMENT))
    sins_collapse = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.SINS_COLLAPSE))
    sins_posterolateral = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=int_choices(cl.SINS_POSTEROLATERAL)
    )
    sins_total = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    mirels_site = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.MIRELS_SITE))
    mirels_pain = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.MIRELS_PAIN))
    mirels_lesion = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.MIRELS_LESION))
    mirels_size = models.PositiveSmallIntegerField(null=True, blank=True, choices=int_choices(cl.MIRELS_SIZE))
    mirels_total = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["lesion_id"]

    def __str__(self) -> str:
        return f"{self.lesion_id} ({self.site})"

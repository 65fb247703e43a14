"""Adverse events / complications (tidy ``adverse_events``), graded with CIRSE (Filippiadis 2017)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS
from ablacem.protocol import codelists as cl

from ._choices import int_choices, max_len, str_choices
from .base import ClinicalRecord
from .lesion import Lesion
from .patient import Patient


class AdverseEvent(ClinicalRecord):
    """One adverse event; ``ae_id`` is assigned by the system (``ABL-001-AE1``)."""

    ae_id = models.CharField("Adverse event ID", max_length=30, unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="adverse_events")
    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, null=True, blank=True, related_name="adverse_events")
    onset_date = models.DateField("Onset date")
    term = models.CharField(max_length=max_len(cl.AE_TERM), choices=str_choices(cl.AE_TERM))
    cirse_grade = models.PositiveSmallIntegerField("CIRSE grade", choices=int_choices(cl.CIRSE_GRADE))
    serious = models.BooleanField("Serious adverse event")
    # Seriousness criteria (ICH E2A, 1994; codelists.SERIOUSNESS_CRITERION), one column each as
    # in the tidy dataset (schema.SERIOUS_CRITERIA_COLUMNS).
    serious_death = models.BooleanField("Seriousness: results in death", default=False)
    serious_life_threat = models.BooleanField("Seriousness: life-threatening", default=False)
    serious_hospitalisation = models.BooleanField("Seriousness: requires or prolongs hospitalisation", default=False)
    serious_disability = models.BooleanField("Seriousness: persistent or significant disability", default=False)
    serious_congenital = models.BooleanField("Seriousness: congenital anomaly", default=False)
    serious_important_event = models.BooleanField("Seriousness: other important medical event", default=False)
    related_to = models.CharField(max_length=max_len(cl.AE_RELATION), choices=str_choices(cl.AE_RELATION))
    outcome = models.CharField(
        max_length=max_len(cl.AE_OUTCOME), choices=str_choices(cl.AE_OUTCOME), blank=True, default=""
    )
    description = models.TextField("Description", blank=True, default="")

    class Meta:
        ordering = ["ae_id"]

    def __str__(self) -> str:
        return self.ae_id

    @property
    def serious_criteria(self) -> list[str]:
        """The seriousness criteria met (``codelists.SERIOUSNESS_CRITERION`` codes)."""
        return [item.code for column, item in SERIOUS_CRITERIA_COLUMNS.items() if getattr(self, column)]

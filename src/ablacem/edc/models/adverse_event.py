"""Adverse events / complications (tidy ``adverse_events``), graded with CIRSE (Filippiadis 2017)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import ADVERSE_EVENTS, SERIOUS_CRITERIA_COLUMNS

from ._columns import column_field
from .base import ClinicalRecord
from .lesion import Lesion
from .patient import Patient


class AdverseEvent(ClinicalRecord):
    """One adverse event; ``ae_id`` is assigned by the system (``ABL-001-AE1``)."""

    ae_id = column_field(ADVERSE_EVENTS, "ae_id", unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="adverse_events")
    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, null=True, blank=True, related_name="adverse_events")
    onset_date = column_field(ADVERSE_EVENTS, "onset_date")
    term = column_field(ADVERSE_EVENTS, "term")
    cirse_grade = column_field(ADVERSE_EVENTS, "cirse_grade")
    serious = column_field(ADVERSE_EVENTS, "serious")
    # Seriousness criteria (ICH E2A, 1994; codelists.SERIOUSNESS_CRITERION), one column each as
    # in the tidy dataset (schema.SERIOUS_CRITERIA_COLUMNS).
    serious_death = column_field(ADVERSE_EVENTS, "serious_death", default=False)
    serious_life_threat = column_field(ADVERSE_EVENTS, "serious_life_threat", default=False)
    serious_hospitalisation = column_field(ADVERSE_EVENTS, "serious_hospitalisation", default=False)
    serious_disability = column_field(ADVERSE_EVENTS, "serious_disability", default=False)
    serious_congenital = column_field(ADVERSE_EVENTS, "serious_congenital", default=False)
    serious_important_event = column_field(ADVERSE_EVENTS, "serious_important_event", default=False)
    related_to = column_field(ADVERSE_EVENTS, "related_to")
    outcome = column_field(ADVERSE_EVENTS, "outcome", blank=True, default="")
    description = column_field(ADVERSE_EVENTS, "description", blank=True, default="")

    class Meta:
        ordering = ["ae_id"]

    def __str__(self) -> str:
        return self.ae_id

    @property
    def serious_criteria(self) -> list[str]:
        """The seriousness criteria met (``codelists.SERIOUSNESS_CRITERION`` codes)."""
        return [item.code for column, item in SERIOUS_CRITERIA_COLUMNS.items() if getattr(self, column)]

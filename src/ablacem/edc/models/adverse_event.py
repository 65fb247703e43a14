"""Adverse events / complications (tidy ``adverse_events``), graded with CIRSE (Filippiadis 2017)."""

from __future__ import annotations

from django.db import models

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
    related_to = models.CharField(max_length=max_len(cl.AE_RELATION), choices=str_choices(cl.AE_RELATION))
    outcome = models.CharField(
        max_length=max_len(cl.AE_OUTCOME), choices=str_choices(cl.AE_OUTCOME), blank=True, default=""
    )
    description = models.TextField("Description", blank=True, default="")

    class Meta:
        ordering = ["ae_id"]

    def __str__(self) -> str:
        return self.ae_id

"""Adverse events / complications (tidy ``adverse_events``), graded with CIRSE (Filippiadis 2017)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

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
    # Causality (MEDDEV 2.7/3 rev. 3), expectedness (ICH E2A) and action: blank on events
    # recorded before these fields existed.
    relation_procedure = column_field(ADVERSE_EVENTS, "relation_procedure", blank=True, default="")
    relation_ablation = column_field(ADVERSE_EVENTS, "relation_ablation", blank=True, default="")
    relation_cement = column_field(ADVERSE_EVENTS, "relation_cement", blank=True, default="")
    expectedness = column_field(ADVERSE_EVENTS, "expectedness", blank=True, default="")
    action_taken = column_field(ADVERSE_EVENTS, "action_taken", blank=True, default="")
    ongoing = column_field(ADVERSE_EVENTS, "ongoing", null=True, blank=True, default=None)
    resolution_date = column_field(ADVERSE_EVENTS, "resolution_date", null=True, blank=True)
    outcome = column_field(ADVERSE_EVENTS, "outcome", blank=True, default="")
    # The 24-hour clock of a serious event: from the moment staff became aware (date, and time
    # when known; midnight otherwise, the conservative start) to an investigator's
    # acknowledgement (service ``adverse_event_acknowledge``). The tidy column ``ack_hours`` is
    # derived from them.
    aware_date = column_field(ADVERSE_EVENTS, "aware_date", null=True, blank=True)
    aware_time = models.TimeField("Time staff became aware", null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = column_field(ADVERSE_EVENTS, "description", blank=True, default="")

    class Meta:
        ordering = ["ae_id"]

    def __str__(self) -> str:
        return self.ae_id

    @property
    def aware_at(self) -> dt.datetime | None:
        """When staff became aware (aware date and time, local), or None when not recorded."""
        if self.aware_date is None:
            return None
        moment = dt.datetime.combine(self.aware_date, self.aware_time or dt.time(0, 0))
        return timezone.make_aware(moment)

    @property
    def ack_hours(self) -> float | None:
        """Hours from awareness to acknowledgement, one decimal; None until both are known."""
        aware = self.aware_at
        if aware is None or self.acknowledged_at is None:
            return None
        return round(max((self.acknowledged_at - aware).total_seconds(), 0) / 3600, 1)

    @property
    def serious_criteria(self) -> list[str]:
        """The seriousness criteria met (``codelists.SERIOUSNESS_CRITERION`` codes)."""
        return [item.code for column, item in SERIOUS_CRITERIA_COLUMNS.items() if getattr(self, column)]
